#include <catch2/catch.hpp>

#include <string>

#include "loadgen/engine/response_parser.hpp"

using namespace ragbench::loadgen;
using result = response_parser::result;

TEST_CASE("response_parser parses byte by byte as well as at once", "[parser]") {
  const std::string msg = GENERATE(
      std::string("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhello"),
      std::string("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhe\r\n3;x=y\r\nllo\r\n0\r\nT: v\r\n\r\n"));
  response_parser p;
  p.reset();
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
  CHECK(p.response().body == "hello");
  CHECK(p.response().keep_alive);
}

TEST_CASE("response_parser reads headers, close and close-delimited bodies", "[parser]") {
  response_parser p;
  p.reset();
  std::string m = "HTTP/1.1 404 Not Found\r\nconnection: Close\r\nX-Id:  42 \r\n\r\nbody until eof";
  CHECK(p.parse(m.data(), m.size()) == result::need_more);
  REQUIRE(p.on_eof(m.data(), m.size()) == result::done);
  CHECK(p.response().status == 404);
  CHECK(p.response().reason == "Not Found");
  CHECK(p.response().header("x-id") == "42");
  CHECK(p.response().header("missing").empty());
  CHECK(p.response().body == "body until eof");
  CHECK_FALSE(p.response().keep_alive);
}

TEST_CASE("response_parser knows responses without a body", "[parser]") {
  response_parser p;
  p.reset(true);  // HEAD
  std::string m = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n";
  REQUIRE(p.parse(m.data(), m.size()) == result::done);
  CHECK(p.response().body.empty());
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
