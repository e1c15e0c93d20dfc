// Request framing a hostile client controls (issue 11): Transfer-Encoding shapes that would let a
// body be read as another request, chunk extensions and trailer sections that are never
// terminated, Host rules, over-long request targets, encoded NULs and read timeouts.
#include "server_fixture.hpp"
#include "test_client.hpp"

#include "server/http/http1_request_parser.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace ragbench;
using namespace ragbench::test;
using namespace std::chrono_literals;

namespace {

std::string error_code_of(const http_reply& r) {
  auto body = nlohmann::json::parse(r.body, nullptr, false);
  if (body.is_discarded() || !body.contains("error")) return "(no JSON error: " + r.body + ")";
  return body["error"]["code"];
}

server::handler_fn echo_handler() {
  return [](server::request req, server::handler_context, server::respond_fn respond) {
    server::response r;
    r.body = req.body + "|" + std::string(req.header("x-t").value_or("-"));
    respond(std::move(r));
  };
}

void add_routes(server_fixture& f) {
  f.routes.add("POST", "/x", echo_handler());
  f.routes.add("GET", "/x", text_handler("x"));
  f.routes.add("GET", "/smuggled", text_handler("smuggled"));
}

constexpr std::string_view smuggled = "GET /smuggled HTTP/1.1\r\nHost: t\r\n\r\n";

}  // namespace

TEST_CASE("a Transfer-Encoding other than a final chunked gets 400/501 and a close: nothing is smuggled",
          "[http][server][framing]") {
  struct shape {
    std::string headers, body;
    unsigned status;
  };
  auto s = GENERATE(shape{"Transfer-Encoding: chunked, identity\r\n", "0\r\n\r\n", 400},
                    shape{"Transfer-Encoding: xchunked\r\n", "0\r\n\r\n", 400},
                    shape{"Transfer-Encoding: identity\r\nContent-Length: 5\r\n", "hello", 400},
                    shape{"Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n", "0\r\n\r\n", 400},
                    shape{"Transfer-Encoding: chunked, chunked\r\n", "0\r\n\r\n", 400},
                    shape{"Transfer-Encoding: gzip, chunked\r\n", "0\r\n\r\n", 501},
                    shape{"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", "0\r\n\r\n", 400},
                    shape{"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n", 400});
  server_fixture f;
  add_routes(f);
  auto port = f.start();
  test_client c(port, 3s);
  INFO(s.headers);
  c.send("POST /x HTTP/1.1\r\nHost: t\r\n" + s.headers + "\r\n" + s.body + std::string(smuggled));
  auto r = c.read_response();
  CHECK(r.status == s.status);
  CHECK(error_code_of(r) == (s.status == 501 ? "not_implemented" : "bad_request"));
  CHECK(r.get("connection") == "close");
  auto rest = c.read_rest();
  CHECK(rest.find("HTTP/1.1") == std::string::npos);  // the second request was never answered
}

TEST_CASE("Transfer-Encoding on an HTTP/1.0 request is faulty framing", "[http][server][framing]") {
  server_fixture f;
  add_routes(f);
  auto port = f.start();
  test_client c(port, 3s);
  c.send("POST /x HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
  auto r = c.read_response();
  CHECK(r.status == 400);
  CHECK(c.wait_closed());
}

TEST_CASE("a chunk extension that never ends is rejected once past the bound", "[http][server][framing]") {
  server_fixture f;
  add_routes(f);
  auto port = f.start();
  SECTION("64 KiB of extension without a line end: 400 and a close, not a wait for more") {
    test_client c(port, 3s);
    c.send("POST /x HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=" + std::string(64 * 1024, 'a'));
    auto r = c.read_response();
    CHECK(r.status == 400);
    CHECK_THAT(r.body, Catch::Contains("chunk extension"));
    CHECK(r.get("connection") == "close");
    CHECK(c.wait_closed());
  }
  SECTION("short extensions are accepted and ignored") {
    test_client c(port, 3s);
    c.send("POST /x HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b;c=\"d\"\r\nhello\r\n0;z\r\n\r\n");
    auto r = c.read_response();
    CHECK(r.status == 200);
    CHECK(r.body == "hello|-");
  }
}

TEST_CASE("a trailer section past the bound gets 431, short trailers are not merged into the header",
          "[http][server][framing]") {
  server_fixture f;
  add_routes(f);
  auto port = f.start();
  const std::string head = "POST /x HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n";
  SECTION("one endless trailer field") {
    test_client c(port, 3s);
    c.send(head + "x-t: " + std::string(64 * 1024, 'v'));
    auto r = c.read_response();
    CHECK(r.status == 431);
    CHECK_THAT(r.body, Catch::Contains("trailer"));
    CHECK(c.wait_closed());
  }
  SECTION("many short trailer fields, never terminated") {
    test_client c(port, 3s);
    std::string many;
    for (int i = 0; i < 4000; ++i) many += "x-" + std::to_string(i) + ": v\r\n";
    c.send(head + many);
    CHECK(c.read_response().status == 431);
    CHECK(c.wait_closed());
  }
  SECTION("a terminated short trailer is read and dropped") {
    test_client c(port, 3s);
    c.send(head + "x-t: from-trailer\r\n\r\n");
    auto r = c.read_response();
    CHECK(r.status == 200);
    CHECK(r.body == "hello|-");
  }
}

TEST_CASE("Host: required once on HTTP/1.1, optional on HTTP/1.0, never twice", "[http][server][framing]") {
  struct shape {
    std::string request;
    unsigned status;
  };
  auto s = GENERATE(shape{"GET /x HTTP/1.1\r\n\r\n", 400}, shape{"GET /x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},
                    shape{"GET /x HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n", 400},
                    shape{"GET /x HTTP/1.1\r\nHost: bad host\r\n\r\n", 400},
                    shape{"GET /x HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", 400}, shape{"GET /x HTTP/1.0\r\n\r\n", 200},
                    shape{"GET /x HTTP/1.1\r\nHost: \r\n\r\n", 200},
                    shape{"GET /x HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n", 200});
  server_fixture f;
  add_routes(f);
  auto port = f.start();
  test_client c(port, 3s);
  INFO(s.request);
  c.send(s.request);
  auto r = c.read_response();
  CHECK(r.status == s.status);
  if (s.status == 400) {
    CHECK_THAT(r.body, Catch::Contains("Host"));
    CHECK(c.wait_closed());
  }
}

TEST_CASE("an over-long request target gets 414, an over-long header block 431", "[http][server][framing]") {
  server_fixture f;
  add_routes(f);
  auto port = f.start();
  {
    test_client c(port, 3s);
    c.send("GET /x?q=" + std::string(64 * 1024, 'a') + " HTTP/1.1\r\nHost: t\r\n\r\n");
    auto r = c.read_response();
    CHECK(r.status == 414);
    CHECK(error_code_of(r) == "uri_too_long");
    CHECK(c.wait_closed());
  }
  test_client c(port, 3s);
  c.send("GET /x HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(64 * 1024, 'a') + "\r\n\r\n");
  CHECK(c.read_response().status == 431);
}

TEST_CASE("a malformed or NUL escape in the query string is 400 invalid_encoding", "[http][server][framing]") {
  server_fixture f;
  add_routes(f);
  auto port = f.start();
  for (std::string target : {"/x?cursor=5%00zzz", "/x?a=1&b=%zz", "/x?%00=1", "/x?a=%4"}) {
    INFO(target);
    auto r = fetch(port, "GET", target);
    CHECK(r.status == 400);
    CHECK(error_code_of(r) == "invalid_encoding");
  }
  CHECK(fetch(port, "GET", "/x?cursor=5%20z&b=%C3%A9+x").status == 200);
}

TEST_CASE("header and body read timeouts answer 408 before closing", "[http][server][timeout]") {
  server::http_server_options o;
  o.header_timeout = 300ms;
  o.read_timeout = 300ms;
  server_fixture f(o);
  add_routes(f);
  auto port = f.start();
  SECTION("header never completed") {
    test_client c(port, 5s);
    c.send("GET /x HTTP/1.1\r\nHost: t\r\n");
    auto r = c.read_response();
    CHECK(r.status == 408);
    CHECK(error_code_of(r) == "request_timeout");
    CHECK(r.get("connection") == "close");
    CHECK(c.wait_closed());
  }
  SECTION("body never completed") {
    test_client c(port, 5s);
    c.send("POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc");
    auto r = c.read_response();
    CHECK(r.status == 408);
    CHECK(c.wait_closed());
  }
  SECTION("an idle keep-alive connection is closed without a response") {
    server::http_server_options idle;
    idle.idle_timeout = 300ms;
    server_fixture g(idle);
    add_routes(g);
    test_client c(g.start(), 5s);
    c.send("GET /x HTTP/1.1\r\nHost: t\r\n\r\n");
    CHECK(c.read_response().status == 200);
    CHECK(c.read_rest().empty());
  }
}

TEST_CASE("an unfinished chunked element is a chunk line until the last chunk's line ended", "[http][framing]") {
  CHECK(server::pending_chunk_element("5;ext=aaaa") == server::chunk_element::line);
  CHECK(server::pending_chunk_element("\r\n5;ext=aaaa") == server::chunk_element::line);  // after a chunk's data
  CHECK(server::pending_chunk_element("0;ext=aaaa") == server::chunk_element::line);
  CHECK(server::pending_chunk_element("0\r\nx-t: vvvv") == server::chunk_element::trailers);
  CHECK(server::pending_chunk_element("\r\n0\r\nx-a: 1\r\nx-b: 2\r\n") == server::chunk_element::trailers);
}
