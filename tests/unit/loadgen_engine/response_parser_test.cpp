#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <string>

#include "loadgen/engine/body_buffer.hpp"
#include "loadgen/engine/response_parser.hpp"

using namespace ragbench::loadgen;
using result = response_parser::result;

namespace {

// Counts what a parser hands over, and the calls.
struct counting_sink final : body_sink {
  std::size_t heads = 0, ends = 0, bytes = 0;
  void on_head(const http_response&) override { ++heads; }
  failure_kind on_body(std::string_view b) override {
    bytes += b.size();
    return failure_kind::none;
  }
  void on_end() override { ++ends; }
};

}  // namespace

TEST_CASE("response_parser parses byte by byte as well as at once", "[parser]") {
  const std::string msg = GENERATE(
      std::string("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhello"),
      std::string("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhe\r\n3;x=y\r\nllo\r\n0\r\nT: v\r\n\r\n"),
      // interim answers first: only the final one is the response
      std::string("HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n"
                  "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhello"));
  response_parser p;
  body_buffer body;
  p.reset(false, &body);
  result r = result::need_more;
  std::size_t fed = 0;
  bool whole = GENERATE(true, false);
  if (whole) {
    fed = msg.size();
    r = p.parse(msg.data(), fed);
  } else {
    while (r == result::need_more && fed < msg.size()) r = p.parse(msg.data(), ++fed);
  }
  REQUIRE(r == result::done);
  CHECK(fed == msg.size());
  CHECK(p.consumed() == msg.size());
  CHECK(p.response().status == 200);
  CHECK(body.body() == "hello");
  CHECK(p.response().keep_alive);
  CHECK(p.response().wire_bytes == msg.size());
}

TEST_CASE("response_parser reads headers, close and close-delimited bodies", "[parser]") {
  response_parser p;
  body_buffer body;
  p.reset(false, &body);
  std::string m = "HTTP/1.1 404 Not Found\r\nconnection: Close\r\nX-Id:  42 \r\n\r\nbody until eof";
  CHECK(p.parse(m.data(), m.size()) == result::need_more);
  REQUIRE(p.on_eof(m.data(), m.size()) == result::done);
  CHECK(p.response().status == 404);
  CHECK(p.response().reason == "Not Found");
  CHECK(p.response().header("x-id") == "42");
  CHECK(p.response().header("missing").empty());
  CHECK(body.body() == "body until eof");
  CHECK_FALSE(p.response().keep_alive);
}

TEST_CASE("response_parser knows responses without a body", "[parser]") {
  response_parser p;
  counting_sink sink;
  p.reset(true, &sink);  // HEAD
  std::string m = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n";
  REQUIRE(p.parse(m.data(), m.size()) == result::done);
  CHECK(sink.heads == 1);
  CHECK(sink.bytes == 0);
  CHECK(sink.ends == 1);
  p.reset();
  std::string n = "HTTP/1.1 204 No Content\r\n\r\n";
  REQUIRE(p.parse(n.data(), n.size()) == result::done);
  CHECK(p.response().status == 204);
  std::string old = "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n";
  p.reset();
  REQUIRE(p.parse(old.data(), old.size()) == result::done);
  CHECK_FALSE(p.response().keep_alive);
}

TEST_CASE("response_parser rejects garbage with a reason", "[parser]") {
  const std::string bad = GENERATE(std::string("garbage\r\n\r\n"), std::string("HTTP/1.1 2x0 OK\r\n\r\n"),
                                   std::string("HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n"),
                                   std::string("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
                                   std::string("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n"));
  response_parser p;
  p.reset();
  CHECK(p.parse(bad.data(), bad.size()) == result::error);
  CHECK_FALSE(p.error_message().empty());
}

TEST_CASE("response_parser: truncated body at eof is an error", "[parser]") {
  response_parser p;
  p.reset();
  std::string m = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc";
  CHECK(p.parse(m.data(), m.size()) == result::need_more);
  CHECK(p.on_eof(m.data(), m.size()) == result::error);
}

namespace {

// Feeds `wire` through a fixed buffer of `buffer_bytes` the way http1_session does: append what
// fits, parse, reclaim when full. Returns the parser's last result; `peak` gets the largest fill.
result stream_through(response_parser& p, const std::string& wire, std::size_t buffer_bytes, std::size_t& peak) {
  std::string buf(buffer_bytes, '\0');
  std::size_t filled = 0, at = 0;
  peak = 0;
  result r = result::need_more;
  while (r == result::need_more && at < wire.size()) {
    if (filled == buf.size()) filled = p.reclaim(buf.data(), filled);
    REQUIRE(filled < buf.size());  // a body never needs the buffer to grow
    const std::size_t n = std::min(buf.size() - filled, std::min<std::size_t>(wire.size() - at, 7000));
    std::copy_n(wire.data() + at, n, buf.data() + filled);
    filled += n;
    at += n;
    peak = std::max(peak, filled);
    r = p.parse(buf.data(), filled);
  }
  return r;
}

std::string chunked(const std::string& body, std::size_t chunk) {
  std::string out = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (std::size_t i = 0; i < body.size(); i += chunk) {
    const std::size_t n = std::min(chunk, body.size() - i);
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", n);
    out += size + body.substr(i, n) + "\r\n";
  }
  return out + "0\r\nX-Trailer: t\r\n\r\n";
}

}  // namespace

TEST_CASE("response_parser streams bodies of any length through a fixed buffer", "[parser]") {
  std::string body(3 * 1024 * 1024 + 17, '\0');
  for (std::size_t i = 0; i < body.size(); ++i) body[i] = static_cast<char>('a' + i % 23);
  const std::string wire = GENERATE_COPY(
      std::string("HTTP/1.1 200 OK\r\nContent-Length: ") + std::to_string(body.size()) + "\r\n\r\n" + body,
      chunked(body, 100'000), chunked(body, 10));
  response_parser p;
  SECTION("discarded: only counted") {
    counting_sink sink;
    p.reset(false, &sink);
    std::size_t peak = 0;
    REQUIRE(stream_through(p, wire, 16 * 1024, peak) == result::done);
    CHECK(sink.heads == 1);
    CHECK(sink.bytes == body.size());
    CHECK(sink.ends == 1);
    CHECK(peak <= 16 * 1024);
    CHECK(p.response().wire_bytes == wire.size());
  }
  SECTION("kept: the same bytes in order") {
    body_buffer kept(10 << 20);
    p.reset(false, &kept);
    std::size_t peak = 0;
    REQUIRE(stream_through(p, wire, 16 * 1024, peak) == result::done);
    CHECK(kept.body() == body);
  }
  SECTION("kept with a lower bound: body_too_large as soon as it is passed") {
    body_buffer kept(1 << 20);
    p.reset(false, &kept);
    std::size_t peak = 0;
    REQUIRE(stream_through(p, wire, 16 * 1024, peak) == result::sink_failed);
    CHECK(p.sink_failure() == failure_kind::body_too_large);
    CHECK(kept.body().size() <= (1u << 20));
  }
}

TEST_CASE("response_parser bounds the lines it has to hold", "[parser]") {
  response_parser p;
  p.reset();
  std::string trailer = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-Long: " + std::string(9000, 'x');
  CHECK(p.parse(trailer.data(), trailer.size()) == result::error);
  CHECK(p.error_message() == "trailer line too long");
  p.reset();
  std::string size_line = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;" + std::string(2000, 'e');
  CHECK(p.parse(size_line.data(), size_line.size()) == result::error);
}
