// http_server lifecycle over real loopback sockets: header and idle timeouts, handlers that
// answer later or from other threads, graceful stop, the observer, set-up errors.
#include "server_fixture.hpp"
#include "test_client.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <future>
#include <thread>

using namespace ragbench;
using namespace ragbench::test;
using namespace std::chrono_literals;

namespace {

std::string error_code_of(const http_reply& r) { return nlohmann::json::parse(r.body)["error"]["code"]; }

}  // namespace

TEST_CASE("a half-sent request is closed after the header timeout", "[http][server][timeout]") {
  server::http_server_options o;
  o.header_timeout = 300ms;
  server_fixture f(o);
  f.routes.add("GET", "/x", text_handler("x"));
  auto port = f.start();
  test_client c(port, 5s);
  c.send("GET /x HTTP/1.1\r\nHost: t\r\n");  // no blank line: the header never ends
  auto t0 = std::chrono::steady_clock::now();
  CHECK(c.wait_closed());
  CHECK(std::chrono::steady_clock::now() - t0 < 4s);
}

TEST_CASE("an idle keep-alive connection is closed after the idle timeout", "[http][server][timeout]") {
  server::http_server_options o;
  o.idle_timeout = 300ms;
  server_fixture f(o);
  f.routes.add("GET", "/x", text_handler("x"));
  auto port = f.start();
  test_client c(port, 5s);
  c.send("GET /x HTTP/1.1\r\nHost: t\r\n\r\n");
  CHECK(c.read_response().status == 200);
  CHECK(c.wait_closed());
  CHECK(f.server().open_connections() == 0);
}

TEST_CASE("a handler may respond later from another thread", "[http][server][async]") {
  server_fixture f;
  std::vector<std::thread> helpers;
  std::mutex helpers_mutex;
  f.routes.add("GET", "/slow/{n}", [&](server::request req, server::handler_context, server::respond_fn respond) {
    std::lock_guard lock(helpers_mutex);
    helpers.emplace_back([n = std::string(req.param("n")), respond = std::move(respond)] {
      server::response r;
      r.body = "done " + n;
      respond(std::move(r));
      respond(server::response{});  // a second call is ignored
    });
  });
  auto port = f.start();
  test_client c(port);
  for (int i = 0; i < 5; ++i) {
    c.send("GET /slow/" + std::to_string(i) + " HTTP/1.1\r\nHost: t\r\n\r\n");
    CHECK(c.read_response().body == "done " + std::to_string(i));
  }
  f.server().stop(1s);
  for (auto& t : helpers) t.join();
}

TEST_CASE("a throwing handler gives 500 JSON, the connection survives", "[http][server]") {
  server_fixture f;
  f.routes.add("GET", "/boom", [](server::request, server::handler_context, server::respond_fn) -> void {
    throw std::runtime_error("kaput");
  });
  f.routes.add("GET", "/x", text_handler("x"));
  auto port = f.start();
  test_client c(port);
  c.send("GET /boom HTTP/1.1\r\nHost: t\r\n\r\n");
  auto r = c.read_response();
  CHECK(r.status == 500);
  CHECK(error_code_of(r) == "internal");
  c.send("GET /x HTTP/1.1\r\nHost: t\r\n\r\n");
  CHECK(c.read_response().body == "x");
}

TEST_CASE("graceful stop waits for an in-flight delayed response", "[http][server][stop]") {
  server_fixture f;
  std::promise<void> started;
  f.routes.add("GET", "/delayed", [&](server::request, server::handler_context ctx, server::respond_fn respond) {
    auto timer = std::make_shared<boost::asio::steady_timer>(ctx.io, 300ms);
    timer->async_wait([timer, respond](boost::system::error_code) {
      server::response r;
      r.body = "late";
      respond(std::move(r));
    });
    started.set_value();
  });
  f.routes.add("GET", "/x", text_handler("x"));
  auto port = f.start();

  test_client idle(port);  // an idle keep-alive connection is closed at once
  idle.send("GET /x HTTP/1.1\r\nHost: t\r\n\r\n");
  REQUIRE(idle.read_response().status == 200);

  test_client busy(port);
  busy.send("GET /delayed HTTP/1.1\r\nHost: t\r\n\r\n");
  started.get_future().wait();
  auto stopping = std::async(std::launch::async, [&] { f.server().stop(5s); });
  CHECK(idle.wait_closed());
  auto r = busy.read_response();
  CHECK(r.status == 200);
  CHECK(r.body == "late");
  CHECK(r.get("connection") == "close");
  CHECK(busy.wait_closed());
  CHECK(stopping.wait_for(5s) == std::future_status::ready);
  test_client after(port);
  CHECK_FALSE(after.connected());
}

TEST_CASE("stop closes what is left when the grace period ends", "[http][server][stop]") {
  server_fixture f;
  f.routes.add("GET", "/never", [](server::request, server::handler_context, server::respond_fn) {});
  auto port = f.start();
  test_client c(port);
  c.send("GET /never HTTP/1.1\r\nHost: t\r\n\r\n");
  while (f.records().empty() && f.server().open_connections() == 0) std::this_thread::yield();
  f.server().stop(100ms);
  CHECK(c.wait_closed());
  CHECK(f.server().open_connections() == 0);
}

TEST_CASE("the observer sees route, method, status and sizes", "[http][server][observer]") {
  server_fixture f;
  f.routes.add("GET", "/v1/documents/{id}", text_handler("doc"));
  auto port = f.start();
  test_client c(port);
  c.send("GET /v1/documents/42 HTTP/1.1\r\nHost: t\r\n\r\n");
  c.read_response();
  c.send("DELETE /missing HTTP/1.1\r\nHost: t\r\n\r\n");
  c.read_response();
  f.server().stop(1s);
  auto recs = f.records();
  REQUIRE(recs.size() == 2);
  CHECK(recs[0].route == "/v1/documents/{id}");
  CHECK(recs[0].method == "GET");
  CHECK(recs[0].status == 200);
  CHECK(recs[0].bytes_in == std::string("GET /v1/documents/42 HTTP/1.1\r\nHost: t\r\n\r\n").size());
  CHECK(recs[0].bytes_out > 3);
  CHECK(recs[1].route == "unmatched");
  CHECK(recs[1].method == "DELETE");
  CHECK(recs[1].status == 404);
}

TEST_CASE("bad options and unbindable addresses are clear errors", "[http][server]") {
  server::http_server_options o;
  o.header_timeout = 0ms;
  CHECK_THROWS_AS(server::http_server(o, text_handler("x")), std::invalid_argument);
  CHECK_THROWS_AS(server::http_server({}, server::handler_fn{}), std::invalid_argument);
  server_fixture f;
  f.routes.add("GET", "/x", text_handler("x"));
  auto port = f.start();
  server::http_server_options clash;
  clash.port = port;
  server::http_server second(clash, text_handler("x"));
  CHECK_THROWS_WITH(second.start(), Catch::Contains("cannot bind 127.0.0.1:" + std::to_string(port)));
  server::http_server_options nohost;
  nohost.host = "no-such-host.invalid";
  nohost.port = 0;
  server::http_server third(nohost, text_handler("x"));
  CHECK_THROWS_WITH(third.start(), Catch::Contains("cannot resolve"));
}

TEST_CASE("transport-level errors are observed with route unmatched", "[http][server][observer]") {
  server::http_server_options o;
  o.body_limit_bytes = 10;
  server_fixture f(o);
  f.routes.add("POST", "/up", text_handler("ok"));
  auto port = f.start();
  CHECK(fetch(port, "POST", "/up", "", std::string(11, 'x')).status == 413);
  f.server().stop(1s);
  auto recs = f.records();
  REQUIRE(recs.size() == 1);
  CHECK(recs[0].route == "unmatched");
  CHECK(recs[0].method == "POST");
  CHECK(recs[0].status == 413);
}

// The 408 answer is sent from the timer itself; the write and the linger after it must still be
// bounded by timeouts of their own. A client that sends half a request and then neither reads nor
// closes used to keep the connection (and its descriptor) open forever after the 408.
TEST_CASE("after a 408 the server closes even when the client never does", "[http][server][timeout]") {
  server::http_server_options o;
  o.header_timeout = 200ms;
  o.read_timeout = 200ms;
  server_fixture f(o);
  f.routes.add("POST", "/x", text_handler("x"));
  auto port = f.start();
  auto half = GENERATE(std::string("POST /x HTTP/1.1\r\nHost: t\r\n"),
                       std::string("POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc"));
  test_client c(port, 5s);
  c.send(half);
  CHECK(c.read_response().status == 408);
  // The client holds its socket open: only the server's linger timeout can end the connection.
  auto give_up = std::chrono::steady_clock::now() + 10s;
  while (f.server().open_connections() > 0 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(10ms);
  }
  CHECK(f.server().open_connections() == 0);
}
