// h2_client_session against an HTTP/2 server that misbehaves on purpose (raw frames,
// tests/support/misbehaving_h2_server.hpp): GOAWAY bursts and a zero flow-control window.
#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>
#include <functional>
#include <string>
#include <vector>

#include "loadgen/engine/h2_client_session.hpp"
#include "support/misbehaving_h2_server.hpp"

using namespace ragbench::loadgen;
using ragbench::testing::misbehaving_h2_server;

namespace {

const std::string get = "GET /healthy HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
const std::string post = "POST /up HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\n\r\nbody";

boost::asio::ip::tcp::endpoint endpoint_of(const misbehaving_h2_server& s) {
  const std::string url = s.url();
  return {boost::asio::ip::make_address("127.0.0.1"),
          static_cast<unsigned short>(std::stoi(url.substr(url.rfind(':') + 1)))};
}

// Sends the requests in `rounds` (all of a round at once; the next round once it completed) on one
// session, each with `timeout`; returns the failure of each, in order.
std::vector<failure_kind> send_rounds(const misbehaving_h2_server& server, const std::vector<std::vector<std::string>>& rounds,
                                      std::chrono::milliseconds timeout, h2_stats& stats) {
  boost::asio::io_context io;
  h2_client_session session(io, endpoint_of(server), {}, 100, nullptr, stats);
  std::vector<failure_kind> out;
  std::size_t round = 0, done = 0;
  std::function<void()> start = [&] {
    for (const auto& r : rounds[round])
      session.async_send({r, false, timeout, nullptr}, [&](const send_result& res) {
        out.push_back(res.failure);
        if (++done < rounds[round].size()) return;
        done = 0;
        if (++round == rounds.size()) return session.close();
        start();
      });
  };
  start();
  io.run_for(std::chrono::seconds(20));
  session.close();
  return out;
}

}  // namespace

TEST_CASE("h2_client_session: a GOAWAY burst fails the streams above its last id as goaway", "[h2]") {
  misbehaving_h2_server server(misbehaving_h2_server::mode::goaway_storm);
  h2_stats stats;
  auto out = send_rounds(server, {{get, get, get}, {get}}, std::chrono::seconds(5), stats);
  REQUIRE(out.size() == 4);
  for (auto f : out) CHECK(f == failure_kind::goaway);
  CHECK(server.connections() == 2);  // the second round on a new connection
  CHECK(stats.goaways >= misbehaving_h2_server::goaway_burst);
  CHECK(stats.goaway_failed == 4);
}

TEST_CASE("h2_client_session: a server that refuses every connection by GOAWAY is not reconnected to in a loop",
          "[h2]") {
  // Before: the waiting requests stayed queued and each GOAWAY'd connection was replaced at once
  // (33 connections here; hundreds a second against a slower server) until a stream slipped in
  // before the GOAWAY was read, or the requests timed out (then counted as timeout).
  misbehaving_h2_server server(misbehaving_h2_server::mode::goaway_on_connect);
  h2_stats stats;
  auto out = send_rounds(server, {{get, get}, {get}}, std::chrono::seconds(2), stats);
  REQUIRE(out.size() == 3);
  for (auto f : out) CHECK(f == failure_kind::goaway);
  CHECK(server.connections() == 2);  // one per round
  CHECK(stats.goaway_failed == 3);
}

TEST_CASE("h2_client_session: a zero flow-control window stalls the bodies, not the streams without one", "[h2]") {
  misbehaving_h2_server server(misbehaving_h2_server::mode::zero_window);
  h2_stats stats;
  auto out = send_rounds(server, {{post, get, get}, {get}}, std::chrono::milliseconds(500), stats);
  REQUIRE(out.size() == 4);
  CHECK(out[0] == failure_kind::none);  // the GETs complete first, on the same connection
  CHECK(out[1] == failure_kind::none);
  CHECK(out[2] == failure_kind::flow_control);
  CHECK(out[3] == failure_kind::none);
  CHECK(server.connections() == 1);
  CHECK(server.answered() == 3);
}
