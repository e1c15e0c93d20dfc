#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>
#include <optional>
#include <string>
#include <vector>

#include "loadgen/engine/body_buffer.hpp"
#include "loadgen/engine/http1_session.hpp"
#include "test_http_server.hpp"

using namespace ragbench::loadgen;
using test::server_action;
using test::test_http_server;

namespace {

const std::string get_request = "GET /x HTTP/1.1\r\nHost: t\r\n\r\n";

struct outcome {
  failure_kind failure;
  int status = 0;
  std::string body;
  bool new_connection = false;
  std::size_t bytes_received = 0;
};

// Sends `n` requests one after the other on one session, each body kept by a body_buffer of
// `max_body` bytes (0: no sink, bodies discarded), and returns what each produced. Gives up (returning what completed) after
// `bound` of wall time, so a session that never completes fails the test instead of hanging it.
std::vector<outcome> send_sequence(boost::asio::ip::tcp::endpoint ep, int n, session_options opts = {},
                                   std::size_t max_body = 10 << 20,
                                   std::chrono::seconds bound = std::chrono::seconds(60)) {
  boost::asio::io_context io;
  http1_session session(io, ep, opts);
  body_buffer body(max_body);
  std::vector<outcome> out;
  std::function<void()> next = [&] {
    session.async_send({get_request, false, {}, max_body ? &body : nullptr}, [&](const send_result& r) {
      outcome o{r.failure};
      o.new_connection = r.new_connection;
      o.bytes_received = r.bytes_received;
      if (r.response) {
        o.status = r.response->status;
        o.body = std::string(body.body());
      }
      out.push_back(o);
      if (static_cast<int>(out.size()) < n) next();
      else session.close();
    });
  };
  next();
  io.run_for(bound);
  session.close();
  io.restart();
  io.run_for(std::chrono::seconds(5));
  return out;
}

}  // namespace

TEST_CASE("http1_session reuses one keep-alive connection", "[http1]") {
  test_http_server server;
  auto out = send_sequence(server.endpoint(), 20);
  REQUIRE(out.size() == 20);
  for (const auto& o : out) {
    CHECK(o.failure == failure_kind::none);
    CHECK(o.status == 200);
    CHECK(o.body == "ok");
  }
  CHECK(out.front().new_connection);
  CHECK_FALSE(out.back().new_connection);
  CHECK(server.connections() == 1);
}

TEST_CASE("http1_session decodes chunked bodies", "[http1]") {
  test_http_server server([](std::size_t, const std::string&) {
    server_action a;
    a.chunked = true;
    a.body = "hello chunked world";
    return a;
  });
  auto out = send_sequence(server.endpoint(), 3);
  REQUIRE(out.size() == 3);
  for (const auto& o : out) CHECK(o.body == "hello chunked world");
  CHECK(server.connections() == 1);
}

TEST_CASE("http1_session reconnects after the server closes the connection", "[http1]") {
  test_http_server server([](std::size_t, const std::string&) { return server_action{server_action::respond_and_close}; });
  auto out = send_sequence(server.endpoint(), 5);
  REQUIRE(out.size() == 5);
  for (const auto& o : out) CHECK(o.failure == failure_kind::none);
  CHECK(server.connections() == 5);
}

TEST_CASE("http1_session classifies failures", "[http1]") {
  SECTION("refused connect") {
    boost::asio::ip::tcp::endpoint dead;
    {
      test_http_server server;  // learn a free port, then close the listener
      dead = server.endpoint();
    }
    auto out = send_sequence(dead, 1);
    REQUIRE(out.size() == 1);
    CHECK(out[0].failure == failure_kind::connect_refused);
    CHECK(is_connect_failure(out[0].failure));
  }
  SECTION("garbage response is a protocol error") {
    test_http_server server([](std::size_t, const std::string&) { return server_action{server_action::garbage}; });
    auto out = send_sequence(server.endpoint(), 1);
    REQUIRE(out.size() == 1);
    CHECK(out[0].failure == failure_kind::protocol);
  }
  SECTION("reset mid-request") {
    test_http_server server([](std::size_t, const std::string&) { return server_action{server_action::reset}; });
    auto out = send_sequence(server.endpoint(), 1);
    REQUIRE(out.size() == 1);
    CHECK(out[0].failure == failure_kind::reset);
  }
  SECTION("silent server times out, then the session recovers on a new connection") {
    test_http_server server([](std::size_t i, const std::string&) {
      return i == 0 ? server_action{server_action::silent} : server_action{};
    });
    session_options opts;
    opts.request_timeout = std::chrono::milliseconds(150);
    auto out = send_sequence(server.endpoint(), 2, opts);
    REQUIRE(out.size() == 2);
    CHECK(out[0].failure == failure_kind::timeout);
    CHECK(out[1].failure == failure_kind::none);
    CHECK(out[1].new_connection);
  }
}

TEST_CASE("http1_session reports busy when sent to twice", "[http1]") {
  test_http_server server;
  boost::asio::io_context io;
  http1_session session(io, server.endpoint(), {});
  std::vector<failure_kind> got;
  auto done = [&](const send_result& r) {
    got.push_back(r.failure);
    if (got.size() == 2) session.close();  // no idle timer may keep io.run() going after this
  };
  session.async_send({get_request}, done);
  session.async_send({get_request}, done);
  CHECK(session.in_flight() == 1);
  io.run();
  REQUIRE(got.size() == 2);
  CHECK(got[0] == failure_kind::busy);
  CHECK(got[1] == failure_kind::none);
}

TEST_CASE("http1_session: the request timeout covers a body that never ends", "[http1][bounds]") {
  // Before: the timer's cancel missed the always-ready reads, the whole endless body was buffered
  // (gigabytes) and the request never completed.
  const bool chunked = GENERATE(true, false);
  CAPTURE(chunked);
  test_http_server server([chunked](std::size_t, const std::string&) {
    server_action a{server_action::flood};
    a.chunked = chunked;
    return a;
  });
  session_options opts;
  opts.request_timeout = std::chrono::milliseconds(300);
  auto out = send_sequence(server.endpoint(), 1, opts, 0, std::chrono::seconds(30));
  REQUIRE(out.size() == 1);
  CHECK(out[0].failure == failure_kind::timeout);
  CHECK(out[0].bytes_received > 0);
}

TEST_CASE("http1_session: a kept body above its bound is body_too_large, then a new connection", "[http1][bounds]") {
  test_http_server server([](std::size_t i, const std::string&) {
    server_action a;
    if (i == 0) a.body = std::string(3 << 20, 'b');
    return a;
  });
  auto out = send_sequence(server.endpoint(), 2, {}, 1 << 20);
  REQUIRE(out.size() == 2);
  CHECK(out[0].failure == failure_kind::body_too_large);
  CHECK(out[1].failure == failure_kind::none);
  CHECK(out[1].body == "ok");
  CHECK(out[1].new_connection);
}

TEST_CASE("http1_session keeps large bodies exactly, through a small reused buffer", "[http1][bounds]") {
  std::string big(5 << 20, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('A' + i % 26);
  const bool chunked = GENERATE(true, false);
  test_http_server server([&](std::size_t, const std::string&) {
    server_action a;
    a.body = big;
    a.chunked = chunked;
    return a;
  });
  auto out = send_sequence(server.endpoint(), 2);
  REQUIRE(out.size() == 2);
  for (const auto& o : out) {
    CHECK(o.failure == failure_kind::none);
    CHECK(o.body == big);
  }
}
