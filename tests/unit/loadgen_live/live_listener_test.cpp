// The live listener on real loopback sockets: routes over HTTP/1.1, the event stream (history, then
// live frames), and its bounds: oversized or malformed requests get 4xx, idle clients are cut off,
// connections beyond the limit are refused.
#include <catch2/catch.hpp>

#include <atomic>
#include <boost/asio.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <thread>

#include "loadgen/live/live_listener.hpp"

using namespace ragbench::loadgen;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

std::vector<live_listener::binding> loopback(route_set routes) {
  return {{parse_listen_address("127.0.0.1:0", "--web"), routes, "--web 127.0.0.1:0"}};
}

// A blocking client socket with a receive timeout, so a test never hangs.
struct raw_client {
  asio::io_context io;
  tcp::socket socket{io};
  explicit raw_client(const tcp::endpoint& e) {
    socket.connect(e);
    timeval tv{3, 0};
    ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  void send(const std::string& bytes) { asio::write(socket, asio::buffer(bytes)); }
  // Reads until `needle` was seen, the peer closed, or the receive timeout passed.
  std::string read_until(const std::string& needle) {
    std::string got;
    char buf[4096];
    while (got.find(needle) == std::string::npos) {
      boost::system::error_code ec;
      const auto n = socket.read_some(asio::buffer(buf), ec);
      if (ec) break;
      got.append(buf, n);
    }
    return got;
  }
  // Everything until the peer closes (or the receive timeout).
  std::string read_all() { return read_until("\x01never\x01"); }
  bool closed_by_peer() {
    char c;
    boost::system::error_code ec;
    socket.read_some(asio::buffer(&c, 1), ec);
    return ec == asio::error::eof || ec == asio::error::connection_reset;
  }
};

}  // namespace

TEST_CASE("live listener: routes answer over HTTP/1.1 with keep-alive", "[live][listener]") {
  std::atomic<int> stops{0};
  live_listener l(loopback({true, true}), "<p>page</p>", [&] { ++stops; });
  l.set_metrics("loadgen_users 4\n");
  raw_client c(l.endpoints().at(0));
  c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string page = c.read_until("</p>");
  CHECK_THAT(page, Catch::StartsWith("HTTP/1.1 200 OK"));
  CHECK_THAT(page, Catch::Contains("Content-Type: text/html; charset=utf-8"));
  CHECK_THAT(page, Catch::Contains("<p>page</p>"));
  c.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");  // the same connection
  CHECK_THAT(c.read_until("loadgen_users 4\n"), Catch::Contains("text/plain; version=0.0.4"));
  c.send("POST /stop HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
  CHECK_THAT(c.read_until("}"), Catch::StartsWith("HTTP/1.1 202"));
  CHECK(stops == 1);
  c.send("GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK_THAT(c.read_all(), Catch::StartsWith("HTTP/1.1 404"));
}

TEST_CASE("live listener: an event stream gets the history, then each published event", "[live][listener]") {
  live_listener l(loopback({true, false}), "", [] {});
  l.publish(R"({"n":1})", false);
  l.publish(R"({"n":2})", false);
  raw_client c(l.endpoints().at(0));
  c.send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string head = c.read_until("data: {\"n\":2}\n\n");
  CHECK_THAT(head, Catch::StartsWith("HTTP/1.1 200 OK\r\n"));
  CHECK_THAT(head, Catch::Contains("Content-Type: text/event-stream\r\n"));
  CHECK_THAT(head, Catch::Contains("data: {\"n\":1}\n\ndata: {\"n\":2}\n\n"));
  l.set_summary(R"({"verdict":"pass"})");
  l.publish(R"({"n":3,"done":true})", true);
  CHECK_THAT(c.read_until("\"done\":true}\n\n"), Catch::Contains("data: {\"n\":3,\"done\":true}\n\n"));
  raw_client after(l.endpoints().at(0));
  after.send("GET /summary.json HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK_THAT(after.read_until("}"), Catch::Contains(R"({"verdict":"pass"})"));
  after.send("POST /stop HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
  CHECK_THAT(after.read_until("}}"), Catch::StartsWith("HTTP/1.1 409"));
}

TEST_CASE("live listener: the destructor sends what is queued, then closes the streams", "[live][listener]") {
  std::optional<live_listener> l;
  l.emplace(loopback({true, false}), "", [] {});
  raw_client c(l->endpoints().at(0));
  c.send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
  c.read_until("retry: 3000\n\n");
  l->publish(R"({"done":true})", true);
  const auto start = std::chrono::steady_clock::now();
  l.reset();
  CHECK(std::chrono::steady_clock::now() - start < 1500ms);
  CHECK_THAT(c.read_all(), Catch::Contains("data: {\"done\":true}\n\n"));
}

TEST_CASE("live listener: oversized, malformed and idle requests are answered 4xx or cut off", "[live][listener]") {
  live_limits limits;
  limits.read_timeout = 300ms;
  limits.max_header_bytes = 1024;
  limits.max_body_bytes = 64;
  live_listener l(loopback({true, true}), "", [] {}, limits);
  const auto at = l.endpoints().at(0);
  {
    raw_client c(at);
    c.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(2000, 'a') + "\r\n\r\n");
    CHECK_THAT(c.read_all(), Catch::StartsWith("HTTP/1.1 431"));
  }
  {
    raw_client c(at);
    c.send("POST /stop HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n");
    const std::string r = c.read_all();
    CHECK_THAT(r, Catch::StartsWith("HTTP/1.1 413"));
    CHECK_THAT(r, Catch::Contains("body_too_large"));
  }
  {
    raw_client c(at);
    c.send("NOT HTTP AT ALL\r\n\r\n");
    CHECK_THAT(c.read_all(), Catch::StartsWith("HTTP/1.1 400"));
  }
  {
    raw_client c(at);
    c.send("GET / HTTP/1.1\r\nHost:");  // and then nothing: cut off after the read timeout
    const auto start = std::chrono::steady_clock::now();
    CHECK(c.closed_by_peer());
    CHECK(std::chrono::steady_clock::now() - start < 2s);
  }
}

TEST_CASE("live listener: connections beyond the limit are closed at once", "[live][listener]") {
  live_limits limits;
  limits.max_connections = 2;
  live_listener l(loopback({true, false}), "ok", [] {}, limits);
  const auto at = l.endpoints().at(0);
  raw_client a(at), b(at);
  a.send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
  b.send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
  a.read_until("retry");
  b.read_until("retry");
  const auto start = std::chrono::steady_clock::now();
  raw_client third(at);
  CHECK(third.closed_by_peer());
  CHECK(std::chrono::steady_clock::now() - start < 1s);  // at once, not after a read timeout
}

TEST_CASE("live listener: an idle event stream stays open between events", "[live][listener]") {
  live_listener l(loopback({true, false}), "", [] {});
  raw_client c(l.endpoints().at(0));
  c.send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
  c.read_until("retry: 3000\n\n");
  std::this_thread::sleep_for(300ms);  // nothing to write meanwhile
  l.publish(R"({"n":1})", false);
  CHECK_THAT(c.read_until("}\n\n"), Catch::Contains("data: {\"n\":1}\n\n"));
}

TEST_CASE("live listener: an address in use is reported with its flag", "[live][listener]") {
  live_listener first(loopback({true, false}), "", [] {});
  const auto port = first.endpoints().at(0).port();
  const std::string address = "127.0.0.1:" + std::to_string(port);
  std::vector<live_listener::binding> same = {
      {parse_listen_address(address, "--web"), route_set{true, false}, "--web " + address}};
  CHECK_THROWS_WITH(live_listener(same, "", [] {}), Catch::Contains("--web " + address + ": cannot listen"));
}
