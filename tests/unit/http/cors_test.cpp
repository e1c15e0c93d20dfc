// with_cors: preflights answered without reaching the routes, headers on responses to allowed
// origins only, "*" never with credentials, Vary: Origin whenever the answer depends on it.
#include "server/http/cors.hpp"

#include <catch2/catch.hpp>

using namespace ragbench::server;

namespace {

struct result {
  response res;
  int inner_calls = 0;
};

result call(const cors_options& options, std::string method, std::vector<std::pair<std::string, std::string>> headers) {
  result out;
  auto handler = with_cors(options, [&out](request, handler_context, respond_fn respond) {
    ++out.inner_calls;
    response r;
    r.status = 200;
    r.set_header("x-cache", "lru");
    respond(std::move(r));
  });
  request req;
  req.method = std::move(method);
  req.target = req.path = "/v1/search";
  req.headers = std::move(headers);
  bool called = false;
  handler(std::move(req), handler_context{}, [&](response r) {
    out.res = std::move(r);
    called = true;
  });
  REQUIRE(called);
  return out;
}

std::string h(const response& r, std::string_view name) { return std::string(r.header(name).value_or("<none>")); }

}  // namespace

TEST_CASE("cors: explicit origins get their origin echoed, with credentials and Vary", "[http][cors]") {
  const cors_options opts{{"http://localhost:5173", "https://app.example"}, std::chrono::seconds(600)};
  auto ok = call(opts, "POST", {{"origin", "http://localhost:5173"}});
  CHECK(ok.inner_calls == 1);
  CHECK(h(ok.res, "access-control-allow-origin") == "http://localhost:5173");
  CHECK(h(ok.res, "access-control-allow-credentials") == "true");
  CHECK(h(ok.res, "vary") == "Origin");
  CHECK(h(ok.res, "access-control-expose-headers").find("X-Cache") != std::string::npos);
  CHECK(h(ok.res, "access-control-expose-headers").find("RateLimit-Policy") != std::string::npos);

  auto other = call(opts, "POST", {{"origin", "http://evil.example"}});
  CHECK(other.inner_calls == 1);  // served, but without CORS headers: the browser withholds it
  CHECK(h(other.res, "access-control-allow-origin") == "<none>");

  auto plain = call(opts, "POST", {});
  CHECK(h(plain.res, "access-control-allow-origin") == "<none>");

  auto preflight = call(opts, "OPTIONS", {{"origin", "https://app.example"},
                                          {"access-control-request-method", "POST"},
                                          {"access-control-request-headers", "authorization, content-type"}});
  CHECK(preflight.inner_calls == 0);
  CHECK(preflight.res.status == 204);
  CHECK(h(preflight.res, "access-control-allow-origin") == "https://app.example");
  CHECK(h(preflight.res, "access-control-allow-methods").find("DELETE") != std::string::npos);
  CHECK(h(preflight.res, "access-control-allow-headers").find("Authorization") != std::string::npos);
  CHECK(h(preflight.res, "access-control-max-age") == "600");

  auto refused = call(opts, "OPTIONS", {{"origin", "http://evil.example"}, {"access-control-request-method", "POST"}});
  CHECK(refused.inner_calls == 0);
  CHECK(refused.res.status == 403);
  CHECK(refused.res.body.find("cors_origin_not_allowed") != std::string::npos);
  CHECK(h(refused.res, "access-control-allow-origin") == "<none>");

  // OPTIONS without a preflight's request-method header is an ordinary request for the routes.
  CHECK(call(opts, "OPTIONS", {{"origin", "https://app.example"}}).inner_calls == 1);
}

TEST_CASE("cors: '*' answers any origin with '*' and never with credentials", "[http][cors]") {
  const cors_options opts{{"*"}, std::chrono::seconds(30)};
  auto ok = call(opts, "GET", {{"origin", "http://localhost:3000"}});
  CHECK(h(ok.res, "access-control-allow-origin") == "*");
  CHECK(h(ok.res, "access-control-allow-credentials") == "<none>");
  CHECK(h(ok.res, "vary") == "<none>");
  auto preflight = call(opts, "OPTIONS", {{"origin", "null"}, {"access-control-request-method", "DELETE"}});
  CHECK(preflight.res.status == 204);
  CHECK(h(preflight.res, "access-control-max-age") == "30");
}

TEST_CASE("cors: no origins configured means no CORS at all", "[http][cors]") {
  auto r = call(cors_options{}, "OPTIONS", {{"origin", "http://localhost:5173"}, {"access-control-request-method", "POST"}});
  CHECK(r.inner_calls == 1);
  CHECK(h(r.res, "access-control-allow-origin") == "<none>");
}
