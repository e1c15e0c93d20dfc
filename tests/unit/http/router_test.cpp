// router: pattern matching, captures, 404 / 405 + Allow, HEAD fallback, route recording.
#include "server/http/router.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <stdexcept>

using namespace ragbench::server;

namespace {

handler_fn named(std::string name) {
  return [name](request req, handler_context, respond_fn respond) {
    response r;
    r.body = name + "|" + std::string(req.route);
    for (const auto& [k, v] : req.path_params) r.body += "|" + k + "=" + v;
    respond(std::move(r));
  };
}

struct outcome {
  response r;
  std::string_view route;
};

outcome call(const router& rt, const std::string& method, const std::string& target) {
  request req;
  req.method = method;
  req.target = target;
  req.path = target.substr(0, target.find('?'));
  outcome out;
  handler_context ctx;
  ctx.route_out = &out.route;
  bool called = false;
  rt.dispatch(std::move(req), ctx, [&](response r) {
    out.r = std::move(r);
    called = true;
  });
  REQUIRE(called);
  return out;
}

router sample() {
  router rt;
  rt.add("GET", "/health", named("health"));
  rt.add("GET", "/v1/documents", named("list"));
  rt.add("POST", "/v1/documents", named("create"));
  rt.add("GET", "/v1/documents/{id}", named("get"));
  rt.add("DELETE", "/v1/documents/{id}", named("delete"));
  rt.add("GET", "/v1/documents/stats", named("stats"));
  rt.add("GET", "/v1/a/{x}/b/{y}", named("two"));
  return rt;
}

}  // namespace

TEST_CASE("router dispatches literal and captured routes", "[http][router]") {
  router rt = sample();
  CHECK(call(rt, "GET", "/health").r.body == "health|/health");
  CHECK(call(rt, "POST", "/v1/documents").r.body == "create|/v1/documents");
  CHECK(call(rt, "GET", "/v1/documents?limit=3").r.body == "list|/v1/documents");
  auto got = call(rt, "GET", "/v1/documents/42");
  CHECK(got.r.body == "get|/v1/documents/{id}|id=42");
  CHECK(got.route == "/v1/documents/{id}");
  CHECK(call(rt, "DELETE", "/v1/documents/abc").r.body == "delete|/v1/documents/{id}|id=abc");
  CHECK(call(rt, "GET", "/v1/documents/a%2Fb").r.body == "get|/v1/documents/{id}|id=a/b");
  CHECK(call(rt, "GET", "/v1/a/1/b/2").r.body == "two|/v1/a/{x}/b/{y}|x=1|y=2");
}

TEST_CASE("router prefers a literal segment over a capture", "[http][router]") {
  router rt = sample();
  CHECK(call(rt, "GET", "/v1/documents/stats").r.body == "stats|/v1/documents/stats");
}

TEST_CASE("router answers 404 JSON for unknown paths", "[http][router]") {
  router rt = sample();
  auto target = GENERATE(as<std::string>{}, "/nope", "/health/", "/v1/documents/", "/v1/documents/1/x", "/");
  auto out = call(rt, "GET", target);
  CHECK(out.r.status == 404);
  CHECK(out.route == "unmatched");
  CHECK(nlohmann::json::parse(out.r.body)["error"]["code"] == "not_found");
}

TEST_CASE("router answers 405 with Allow for a known path and another method", "[http][router]") {
  router rt = sample();
  auto out = call(rt, "PUT", "/v1/documents/7");
  CHECK(out.r.status == 405);
  CHECK(out.r.header("allow") == std::optional<std::string_view>("GET, DELETE, HEAD"));
  CHECK(nlohmann::json::parse(out.r.body)["error"]["code"] == "method_not_allowed");
  CHECK(call(rt, "DELETE", "/health").r.header("allow") == std::optional<std::string_view>("GET, HEAD"));
}

TEST_CASE("router falls back from HEAD to GET", "[http][router]") {
  router rt = sample();
  CHECK(call(rt, "HEAD", "/health").r.body == "health|/health");
}

TEST_CASE("router answers 400 for a malformed escape in a captured segment", "[http][router]") {
  router rt = sample();
  CHECK(call(rt, "GET", "/v1/documents/%zz").r.status == 400);
}

TEST_CASE("router rejects bad patterns and duplicate routes", "[http][router]") {
  router rt;
  rt.add("GET", "/x/{id}", named("x"));
  CHECK_THROWS_AS(rt.add("GET", "/x/{id}", named("x")), std::invalid_argument);
  CHECK_THROWS_AS(rt.add("GET", "no-slash", named("x")), std::invalid_argument);
  CHECK_THROWS_AS(rt.add("GET", "/a/{b", named("x")), std::invalid_argument);
  CHECK_THROWS_AS(rt.add("", "/a", named("x")), std::invalid_argument);
  CHECK_THROWS_AS(rt.add("GET", "/a", handler_fn{}), std::invalid_argument);
  CHECK_NOTHROW(rt.add("POST", "/x/{id}", named("y")));
}

TEST_CASE("router wrap decorates chosen handlers once, keeping routes and 405s", "[http][router]") {
  router rt;
  rt.add("GET", "/open", named("open"));
  rt.add("GET", "/guarded/{id}", named("guarded"));
  rt.add("DELETE", "/guarded/{id}", named("guarded-delete"));
  std::vector<std::string> seen;
  rt.wrap([&](std::string_view method, std::string_view pattern, handler_fn inner) -> handler_fn {
    seen.push_back(std::string(method) + " " + std::string(pattern));
    if (!pattern.starts_with("/guarded")) return inner;
    return [inner](request req, handler_context ctx, respond_fn respond) {
      if (!req.header("authorization")) {
        response r;
        r.status = 401;
        respond(std::move(r));
        return;
      }
      inner(std::move(req), ctx, std::move(respond));
    };
  });
  CHECK(seen.size() == 3);
  CHECK(call(rt, "GET", "/open").r.body == "open|/open");
  auto denied = call(rt, "GET", "/guarded/7");
  CHECK(denied.r.status == 401);
  CHECK(denied.route == "/guarded/{id}");  // recorded before the wrapper runs
  CHECK(call(rt, "DELETE", "/guarded/7").r.status == 401);
  CHECK(call(rt, "POST", "/guarded/7").r.status == 405);
}
