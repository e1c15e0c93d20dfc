// Streamed (chunked / SSE) responses: framing and order, pull pacing by asio timers,
// cancel() on client disconnect and on the shutdown deadline, HTTP/1.0 close-delimited streams.
#include "server_fixture.hpp"
#include "test_client.hpp"
#include "ticking_stream.hpp"

#include <boost/asio/steady_timer.hpp>
#include <catch2/catch.hpp>

#include <atomic>
#include <future>

using namespace ragbench;
using namespace ragbench::test;
using namespace std::chrono_literals;

TEST_CASE("a stream is sent chunked, in order, and the connection stays usable", "[http][stream]") {
  server_fixture f;
  f.routes.add("POST", "/v1/chat", sse_route(4));
  f.routes.add("GET", "/x", text_handler("x"));
  auto port = f.start();
  test_client c(port);
  c.send("POST /v1/chat HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\nContent-Length: 0\r\n\r\n");
  auto r = c.read_response();
  CHECK(r.status == 200);
  CHECK(r.get("transfer-encoding") == "chunked");
  CHECK(r.get("content-type") == "text/event-stream");
  CHECK_FALSE(r.has("content-length"));
  CHECK_FALSE(r.has("content-encoding"));  // streams are never gzipped
  CHECK(r.body == "data: 0\n\ndata: 1\n\ndata: 2\n\ndata: 3\n\n");
  auto head_end = r.raw.find("\r\n\r\n");
  REQUIRE(head_end != std::string::npos);
  CHECK(r.raw.substr(head_end + 4) ==
        "9\r\ndata: 0\n\n\r\n9\r\ndata: 1\n\n\r\n9\r\ndata: 2\n\n\r\n9\r\ndata: 3\n\n\r\n0\r\n\r\n");
  c.send("GET /x HTTP/1.1\r\nHost: t\r\n\r\n");
  CHECK(c.read_response().body == "x");
  f.server().stop(1s);
  auto recs = f.records();
  REQUIRE(recs.size() == 2);
  CHECK(recs[0].route == "/v1/chat");
  CHECK(recs[0].bytes_out == r.raw.size());
}

TEST_CASE("an HTTP/1.0 stream is delimited by close", "[http][stream]") {
  server_fixture f;
  f.routes.add("GET", "/s", sse_route(3));
  auto port = f.start();
  test_client c(port);
  c.send("GET /s HTTP/1.0\r\n\r\n");
  auto r = c.read_response();
  CHECK_FALSE(r.has("transfer-encoding"));
  CHECK(r.get("connection") == "close");
  CHECK(r.body == "data: 0\n\ndata: 1\n\ndata: 2\n\n");
}

TEST_CASE("HEAD on a streamed route sends headers only and cancels the stream", "[http][stream]") {
  server_fixture f;
  auto cancelled = std::make_shared<std::promise<void>>();
  f.routes.add("GET", "/s", sse_route(0, cancelled));
  auto port = f.start();
  auto r = fetch(port, "HEAD", "/s");
  CHECK(r.status == 200);
  CHECK(r.body.empty());
  CHECK(r.get("transfer-encoding") == "chunked");
  CHECK_FALSE(r.has("content-length"));
  CHECK(cancelled->get_future().wait_for(5s) == std::future_status::ready);
}

TEST_CASE("a client going away cancels the stream", "[http][stream]") {
  server_fixture f;
  auto cancelled = std::make_shared<std::promise<void>>();
  f.routes.add("GET", "/s", sse_route(0, cancelled));
  auto port = f.start();
  {
    test_client c(port);
    c.send("GET /s HTTP/1.1\r\nHost: t\r\n\r\n");
    CHECK(c.read_raw(12).rfind("HTTP/1.1 200", 0) == 0);
  }  // closed mid-stream
  CHECK(cancelled->get_future().wait_for(5s) == std::future_status::ready);
  CHECK(f.records().empty());  // an abandoned stream is not a completed request
}

TEST_CASE("the shutdown deadline cancels an endless stream", "[http][stream][stop]") {
  server_fixture f;
  auto cancelled = std::make_shared<std::promise<void>>();
  f.routes.add("GET", "/s", sse_route(0, cancelled));
  auto port = f.start();
  test_client c(port);
  c.send("GET /s HTTP/1.1\r\nHost: t\r\n\r\n");
  CHECK(c.read_raw(12).rfind("HTTP/1.1 200", 0) == 0);
  f.server().stop(200ms);
  CHECK(cancelled->get_future().wait_for(0s) == std::future_status::ready);
  CHECK(c.wait_closed());
}
