// http1_session against bytes that come after the end of a response (a body longer than its
// Content-Length), and against interim 1xx answers: what was wrong is counted on the response that
// was wrong, never on the next request of the connection.
#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <functional>
#include <string>
#include <vector>

#include "loadgen/engine/body_buffer.hpp"
#include "loadgen/engine/http1_session.hpp"
#include "support/loopback_server.hpp"
#include "support/misbehaving_http1_server.hpp"

using namespace ragbench::loadgen;
using ragbench::testing::loopback_server;
using ragbench::testing::misbehaving_http1_server;

namespace {

struct outcome {
  failure_kind failure;
  int status = 0;
  std::string body;
  bool new_connection = false;
};

// Sends GET `paths[i]` one after the other on one session, `pause` apart (the session idle
// meanwhile), and returns what each produced.
std::vector<outcome> send_paths(boost::asio::ip::tcp::endpoint ep, const std::vector<std::string>& paths,
                                std::chrono::milliseconds pause, http1_stats* stats = nullptr) {
  boost::asio::io_context io;
  http1_session session(io, ep, {}, nullptr, stats);
  boost::asio::steady_timer timer(io);
  body_buffer body;
  std::vector<std::string> requests;
  for (const auto& p : paths) requests.push_back("GET " + p + " HTTP/1.1\r\nHost: t\r\n\r\n");
  std::vector<outcome> out;
  std::function<void()> next = [&] {
    session.async_send({requests[out.size()], false, {}, &body}, [&](const send_result& r) {
      outcome o{r.failure};
      o.new_connection = r.new_connection;
      if (r.response) {
        o.status = r.response->status;
        o.body = std::string(body.body());
      }
      out.push_back(o);
      if (out.size() == paths.size()) return session.close();
      timer.expires_after(pause);
      timer.async_wait([&](const boost::system::error_code&) { next(); });
    });
  };
  next();
  io.run_for(std::chrono::seconds(30));
  return out;
}

}  // namespace

TEST_CASE("http1_session: a body longer than its Content-Length is a protocol error of that response", "[http1]") {
  // Before: the response counted as a success (the extra bytes were dropped with the connection).
  misbehaving_http1_server server;
  http1_stats stats;
  auto out = send_paths(server.endpoint(), {"/healthy", "/longer_body", "/healthy"}, std::chrono::milliseconds(0), &stats);
  REQUIRE(out.size() == 3);
  CHECK(out[0].failure == failure_kind::none);
  CHECK(out[1].failure == failure_kind::protocol);
  CHECK(out[2].failure == failure_kind::none);
  CHECK(out[2].body == "ok");
  CHECK(out[2].new_connection);  // the connection with the extra bytes was closed
  CHECK(stats.overruns == 1);
  CHECK(stats.stray_resent == 0);
}

TEST_CASE("http1_session: bytes arriving after a response are not blamed on the next request", "[http1]") {
  // Before: the next request on the connection read them as its answer and failed as protocol.
  misbehaving_http1_server server;
  http1_stats stats;
  auto out = send_paths(server.endpoint(), {"/longer_body_late", "/healthy", "/healthy"}, std::chrono::milliseconds(100),
                        &stats);
  REQUIRE(out.size() == 3);
  CHECK(out[0].failure == failure_kind::none);  // complete by its framing; the rest came 30 ms later
  CHECK(out[0].body == "hello");
  CHECK(out[1].failure == failure_kind::none);
  CHECK(out[1].body == "ok");
  CHECK(out[1].new_connection);  // sent again on a fresh connection
  CHECK(out[2].failure == failure_kind::none);
  CHECK_FALSE(out[2].new_connection);
  CHECK(stats.stray_resent == 1);
  CHECK(server.requests("/healthy") == 3);  // the first /healthy reached the server on the old connection too
  CHECK(server.connections() == 2);
}

TEST_CASE("http1_session: a malformed answer on a reused connection is not sent again", "[http1]") {
  misbehaving_http1_server server;
  http1_stats stats;
  auto out = send_paths(server.endpoint(), {"/healthy", "/garbage_status"}, std::chrono::milliseconds(0), &stats);
  REQUIRE(out.size() == 2);
  CHECK(out[1].failure == failure_kind::protocol);
  CHECK(server.requests("/garbage_status") == 1);  // it starts like HTTP: a bad answer, not stray bytes
  CHECK(stats.stray_resent == 0);
}

TEST_CASE("http1_session: interim 1xx answers are skipped, the final answer counts", "[http1]") {
  // Before: the 103 was taken as the answer (status 103, a success) and the real one thrown away.
  loopback_server server([](loopback_server::socket& s, loopback_server&) {
    char buf[4096];
    boost::system::error_code ec;
    for (int i = 0; i < 2 && !ec; ++i) {
      s.read_some(boost::asio::buffer(buf), ec);
      if (ec) break;
      const std::string answer =
          "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
          "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 4\r\n\r\ndone";
      boost::asio::write(s, boost::asio::buffer(answer), ec);
    }
  });
  auto out = send_paths(server.endpoint(), {"/a", "/b"}, std::chrono::milliseconds(0));
  REQUIRE(out.size() == 2);
  for (const auto& o : out) {
    CHECK(o.failure == failure_kind::none);
    CHECK(o.status == 201);
    CHECK(o.body == "done");
  }
  CHECK_FALSE(out[1].new_connection);
}
