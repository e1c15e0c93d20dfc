// http_server protocol behaviour over real loopback sockets: keep-alive, pipelining, 404/405,
// HEAD, 413/400, gzip, HTTP/1.0, 100-continue, invalid handler responses, large uploads.
#include "server_fixture.hpp"
#include "test_client.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include "support/gunzip.hpp"


using namespace ragbench;
using namespace ragbench::test;
using namespace std::chrono_literals;

namespace {

using ragbench::testing::gunzip;

std::string error_code_of(const http_reply& r) { return nlohmann::json::parse(r.body)["error"]["code"]; }

}  // namespace

TEST_CASE("keep-alive serves several requests on one connection with security headers", "[http][server]") {
  server_fixture f;
  f.routes.add("GET", "/health", text_handler("{\"status\":\"ok\"}"));
  f.routes.add("POST", "/echo", [](server::request req, server::handler_context, server::respond_fn respond) {
    server::response r;
    r.body = req.method + " " + req.path + " " + req.body + " " + std::string(req.header("x-test").value_or("-"));
    respond(std::move(r));
  });
  auto port = f.start();
  test_client c(port);
  REQUIRE(c.connected());
  for (int i = 0; i < 3; ++i) {
    c.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n");
    auto r = c.read_response();
    CHECK(r.status == 200);
    CHECK(r.body == "{\"status\":\"ok\"}");
    CHECK(r.get("server") == "ragserver");
    CHECK(r.get("date").size() == 29);
    CHECK(r.get("x-content-type-options") == "nosniff");
    CHECK(r.get("x-frame-options") == "DENY");
    CHECK(r.get("referrer-policy") == "no-referrer");
    CHECK_FALSE(r.has("connection"));
  }
  c.send("POST /echo HTTP/1.1\r\nHost: t\r\nX-Test: yes\r\nContent-Length: 5\r\n\r\nhello");
  CHECK(c.read_response().body == "POST /echo hello yes");
  CHECK(f.server().open_connections() == 1);
}

TEST_CASE("pipelined requests are answered in order", "[http][server]") {
  server_fixture f;
  f.routes.add("GET", "/a", text_handler("A"));
  f.routes.add("GET", "/b", text_handler("B"));
  auto port = f.start();
  test_client c(port);
  c.send("GET /a HTTP/1.1\r\nHost: t\r\n\r\nGET /b HTTP/1.1\r\nHost: t\r\n\r\nGET /a HTTP/1.1\r\nHost: t\r\n\r\n");
  CHECK(c.read_response().body == "A");
  CHECK(c.read_response().body == "B");
  CHECK(c.read_response().body == "A");
}

TEST_CASE("unknown path gives 404 JSON, other method 405 with Allow", "[http][server]") {
  server_fixture f;
  f.routes.add("GET", "/v1/documents/{id}", text_handler("doc"));
  auto port = f.start();
  auto r404 = fetch(port, "GET", "/nope");
  CHECK(r404.status == 404);
  CHECK(r404.get("content-type") == "application/json");
  CHECK(error_code_of(r404) == "not_found");
  auto r405 = fetch(port, "POST", "/v1/documents/3");
  CHECK(r405.status == 405);
  CHECK(r405.get("allow") == "GET, HEAD");
  CHECK(error_code_of(r405) == "method_not_allowed");
}

TEST_CASE("HEAD is answered like GET without a body", "[http][server]") {
  server_fixture f;
  f.routes.add("GET", "/doc", text_handler(std::string(100, 'x')));
  auto port = f.start();
  test_client c(port);
  c.send("HEAD /doc HTTP/1.1\r\nHost: t\r\n\r\nGET /doc HTTP/1.1\r\nHost: t\r\n\r\n");
  auto head = c.read_response(true);
  CHECK(head.status == 200);
  CHECK(head.get("content-length") == "100");
  CHECK(head.body.empty());
  CHECK(c.read_response().body == std::string(100, 'x'));  // nothing stray was sent after the HEAD reply
}

TEST_CASE("an oversize body gives 413 JSON and the connection closes", "[http][server]") {
  server::http_server_options o;
  o.body_limit_bytes = 1024;
  server_fixture f(o);
  f.routes.add("POST", "/up", text_handler("ok"));
  auto port = f.start();
  SECTION("declared by Content-Length") {
    test_client c(port);
    c.send("POST /up HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n" + std::string(2000, 'a'));
    auto r = c.read_response();
    CHECK(r.status == 413);
    CHECK(error_code_of(r) == "payload_too_large");
    CHECK(r.get("connection") == "close");
    CHECK(c.wait_closed());
  }
  SECTION("chunked body growing past the limit") {
    test_client c(port);
    std::string chunk = "400\r\n" + std::string(1024, 'b') + "\r\n";
    c.send("POST /up HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk);
    CHECK(c.read_response().status == 413);
  }
  SECTION("a body at the limit is fine") {
    CHECK(fetch(port, "POST", "/up", "", std::string(1024, 'c')).status == 200);
  }
}

TEST_CASE("malformed requests get 400 JSON and a close", "[http][server]") {
  server_fixture f;
  f.routes.add("GET", "/x", text_handler("x"));
  auto port = f.start();
  auto garbage = GENERATE(as<std::string>{}, "GARBAGE\r\n\r\n", "GET /x HTTP/9.9\r\n\r\n",
                          "GET /x HTTP/1.1\r\nBad Header\r\n\r\n", "GET /x%zz HTTP/1.1\r\nHost: t\r\n\r\n",
                          "POST /x HTTP/1.1\r\nContent-Length: abc\r\n\r\n");
  test_client c(port);
  c.send(garbage);
  auto r = c.read_response();
  CHECK(r.status == 400);
  CHECK(error_code_of(r) == "bad_request");
  CHECK(c.wait_closed());
}

TEST_CASE("gzip is applied at or above the threshold when accepted", "[http][server][gzip]") {
  server_fixture f;
  std::string big;
  for (int i = 0; i < 400; ++i) big += "chunk " + std::to_string(i) + " ";
  REQUIRE(big.size() >= 1024);
  f.routes.add("GET", "/big", text_handler(big));
  f.routes.add("GET", "/small", text_handler(std::string(1023, 's')));
  auto port = f.start();

  auto zipped = fetch(port, "GET", "/big", "Accept-Encoding: gzip, deflate\r\n");
  CHECK(zipped.get("content-encoding") == "gzip");
  CHECK(zipped.get("vary") == "Accept-Encoding");
  CHECK(zipped.body.size() < big.size());
  CHECK(gunzip(zipped.body) == big);

  auto plain = fetch(port, "GET", "/big");
  CHECK_FALSE(plain.has("content-encoding"));
  CHECK(plain.get("vary") == "Accept-Encoding");
  CHECK(plain.body == big);

  auto refused = fetch(port, "GET", "/big", "Accept-Encoding: gzip;q=0\r\n");
  CHECK_FALSE(refused.has("content-encoding"));

  auto small = fetch(port, "GET", "/small", "Accept-Encoding: gzip\r\n");
  CHECK_FALSE(small.has("content-encoding"));
  CHECK(small.body.size() == 1023);
}

TEST_CASE("HTTP/1.0 closes unless keep-alive is asked for", "[http][server]") {
  server_fixture f;
  f.routes.add("GET", "/x", text_handler("x"));
  auto port = f.start();
  {
    test_client c(port);
    c.send("GET /x HTTP/1.0\r\n\r\n");
    auto r = c.read_response();
    CHECK(r.body == "x");
    CHECK(r.get("connection") == "close");
    CHECK(c.wait_closed());
  }
  test_client c(port);
  c.send("GET /x HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  CHECK(c.read_response().get("connection") == "keep-alive");
  c.send("GET /x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  CHECK(c.read_response().get("connection") == "close");
  CHECK(c.wait_closed());
}

TEST_CASE("Expect: 100-continue gets an interim response", "[http][server]") {
  server_fixture f;
  f.routes.add("POST", "/up", [](server::request req, server::handler_context, server::respond_fn respond) {
    server::response r;
    r.body = std::to_string(req.body.size());
    respond(std::move(r));
  });
  auto port = f.start();
  test_client c(port);
  c.send("POST /up HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
  CHECK(c.read_raw(25) == "HTTP/1.1 100 Continue\r\n\r\n");
  c.send("abc");
  CHECK(c.read_response().body == "3");
}

TEST_CASE("an invalid response from a handler becomes a 500 JSON error", "[http][server]") {
  server_fixture f;
  f.routes.add("GET", "/bad-header", [](server::request, server::handler_context, server::respond_fn respond) {
    server::response r;
    r.headers.emplace_back("x-evil", "a\r\nset-cookie: injected");
    respond(std::move(r));
  });
  f.routes.add("GET", "/bad-status", [](server::request, server::handler_context, server::respond_fn respond) {
    server::response r;
    r.status = 42;
    respond(std::move(r));
  });
  auto port = f.start();
  auto h = fetch(port, "GET", "/bad-header");
  CHECK(h.status == 500);
  CHECK(error_code_of(h) == "bad_response_header");
  CHECK_FALSE(h.has("set-cookie"));
  auto s = fetch(port, "GET", "/bad-status");
  CHECK(s.status == 500);
  CHECK(error_code_of(s) == "bad_response_status");
}

TEST_CASE("a large upload arrives intact", "[http][server]") {
  server_fixture f;
  f.routes.add("POST", "/up", [](server::request req, server::handler_context, server::respond_fn respond) {
    std::size_t sum = 0;
    for (unsigned char ch : req.body) sum += ch;
    server::response r;
    r.body = std::to_string(req.body.size()) + " " + std::to_string(sum);
    respond(std::move(r));
  });
  auto port = f.start();
  std::string body(3 * 1024 * 1024 + 17, '\0');
  std::size_t sum = 0;
  for (std::size_t i = 0; i < body.size(); ++i) {
    body[i] = static_cast<char>('a' + i % 26);
    sum += static_cast<unsigned char>(body[i]);
  }
  CHECK(fetch(port, "POST", "/up", "", body).body == std::to_string(body.size()) + " " + std::to_string(sum));
}
