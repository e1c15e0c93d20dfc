#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>
#include <optional>
#include <string>
#include <vector>

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
};

// Sends `n` requests one after the other on one session and returns what each produced.
std::vector<outcome> send_sequence(boost::asio::ip::tcp::endpoint ep, int n, session_options opts = {}) {
  boost::asio::io_context io;
  http1_session session(io, ep, opts);
  std::vector<outcome> out;
  std::function<void()> next = [&] {
    session.async_send({get_request}, [&](const send_result& r) {
      outcome o{r.failure};
      o.new_connection = r.new_connection;
      if (r.response) {
        o.status = r.response->status;
        o.body = std::string(r.response->body);
      }
      out.push_back(o);
      if (static_cast<int>(out.size()) < n) next();
      else session.close();
    });
  };
  next();
  io.run();
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
