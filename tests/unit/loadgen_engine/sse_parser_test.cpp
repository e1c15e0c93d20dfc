// The text/event-stream framing rules (WHATWG HTML, server-sent events), fed whole and split at every
// byte boundary.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "loadgen/engine/sse_parser.hpp"

using namespace ragbench::loadgen;

namespace {

using events = std::vector<std::pair<std::string, std::string>>;

void collect(void* out, std::string_view type, std::string_view data) {
  static_cast<events*>(out)->emplace_back(type, data);
}

// Feeds `stream` in the given pieces to a fresh parser.
events parse_pieces(const std::vector<std::string>& pieces, std::size_t limit = 1 << 20, bool* refused = nullptr) {
  sse_parser p;
  p.reset(limit);
  events out;
  bool ok = true;
  for (const auto& piece : pieces) ok = p.feed(piece, &collect, &out) && ok;
  if (refused) *refused = !ok;
  return out;
}

events parse(const std::string& stream) { return parse_pieces({stream}); }

// The same stream split into two pieces at every position, and byte by byte: always the same events.
void same_events_however_split(const std::string& stream, const events& expected) {
  CHECK(parse(stream) == expected);
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    INFO("split at " << cut);
    CHECK(parse_pieces({stream.substr(0, cut), stream.substr(cut)}) == expected);
  }
  std::vector<std::string> bytes;
  for (char c : stream) bytes.emplace_back(1, c);
  CHECK(parse_pieces(bytes) == expected);
}

}  // namespace

TEST_CASE("sse: data lines, event types, dispatch on a blank line", "[sse]") {
  CHECK(parse("data: hello\n\n") == events{{"message", "hello"}});
  CHECK(parse("event: token\ndata: {\"text\":\"a\"}\n\ndata: b\n\n") ==
        events{{"token", "{\"text\":\"a\"}"}, {"message", "b"}});  // the type does not carry over
  CHECK(parse("data: line one\ndata: line two\ndata:\n\n") == events{{"message", "line one\nline two\n"}});
  CHECK(parse("data:no space\n\ndata:  two spaces\n\n") == events{{"message", "no space"}, {"message", " two spaces"}});
  CHECK(parse("data\n\n") == events{{"message", ""}});  // a field without a colon has an empty value
  CHECK(parse("data: a:b:c\n\n") == events{{"message", "a:b:c"}});
  CHECK(parse("event: x\nevent: y\ndata: z\n\n") == events{{"y", "z"}});
  CHECK(parse("event:\ndata: z\n\n") == events{{"message", "z"}});
}

TEST_CASE("sse: comments, ignored fields and events without data", "[sse]") {
  CHECK(parse(": keep-alive\n\n:\n\n").empty());
  CHECK(parse("event: ping\n\n").empty());  // no data field: nothing is dispatched
  CHECK(parse("id: 7\nretry: 3000\nfoo: bar\ndata: x\n\n") == events{{"message", "x"}});
  CHECK(parse("Data: x\n\ndata : y\n\n").empty());  // names are case-sensitive; "data " is another field
  CHECK(parse(": c\ndata: x\n: c2\n\n") == events{{"message", "x"}});
  CHECK(parse("\n\n\ndata: x\n\n\n") == events{{"message", "x"}});
}

TEST_CASE("sse: CRLF, LF and CR line ends, mixed", "[sse]") {
  CHECK(parse("data: a\r\n\r\n") == events{{"message", "a"}});
  CHECK(parse("data: a\r\rdata: b\n\ndata: c\r\n\n") == events{{"message", "a"}, {"message", "b"}, {"message", "c"}});
  CHECK(parse("data: a\rdata: b\r\r") == events{{"message", "a\nb"}});
  // A CR ending one piece and an LF starting the next are one line end, not two.
  CHECK(parse_pieces({"data: a\r", "\ndata: b\r\n\r\n"}) == events{{"message", "a\nb"}});
  CHECK(parse_pieces({"data: a\r", "\r"}) == events{{"message", "a"}});
  CHECK(parse_pieces({"data: a\r", "", "\n", "\n"}) == events{{"message", "a"}});
}

TEST_CASE("sse: a leading byte order mark is dropped, even split, and only at the start", "[sse]") {
  CHECK(parse("\xEF\xBB\xBF" "data: x\n\n") == events{{"message", "x"}});
  CHECK(parse_pieces({"\xEF", "\xBB", "\xBF" "data: x\n\n"}) == events{{"message", "x"}});
  // Not a BOM after all: the bytes are part of the first line (an unknown field here).
  CHECK(parse("\xEF\xBB" "data: x\n\ndata: y\n\n") == events{{"message", "y"}});
  CHECK(parse("data: x\n\n\xEF\xBB\xBF" "data: y\n\n") == events{{"message", "x"}});  // a field named BOM+data
}

TEST_CASE("sse: an event without its blank line at the end of the stream is not dispatched", "[sse]") {
  CHECK(parse("data: a\n\ndata: b\n").size() == 1);
  CHECK(parse("data: a\n\ndata: b").size() == 1);
}

TEST_CASE("sse: the same events however the bytes are split", "[sse]") {
  const std::string openai =
      "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\n\n"
      ": keep-alive\r\n"
      "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\r\n\r\n"
      "event: token\rdata: two\rdata: lines\r\r"
      "data: [DONE]\n\n";
  same_events_however_split(openai, {{"message", "{\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}"},
                                     {"message", "{\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}"},
                                     {"token", "two\nlines"},
                                     {"message", "[DONE]"}});
  same_events_however_split("\xEF\xBB\xBF" "event: a\r\ndata: 1\r\n\r\nid: 3\ndata: 2\n\n",
                            {{"a", "1"}, {"message", "2"}});
}

TEST_CASE("sse: a line or an event above the bound refuses the stream", "[sse]") {
  bool refused = false;
  CHECK(parse_pieces({"data: " + std::string(100, 'x') + "\n\n"}, 200, &refused).size() == 1);
  CHECK_FALSE(refused);
  parse_pieces({"data: " + std::string(300, 'x')}, 200, &refused);  // a partial line past the bound
  CHECK(refused);
  parse_pieces({"data: " + std::string(150, 'x') + "\n", "data: " + std::string(150, 'y') + "\n\n"}, 200, &refused);
  CHECK(refused);  // two data lines of one event past the bound
  CHECK(parse_pieces({"data: " + std::string(150, 'x') + "\n\n", "data: " + std::string(150, 'y') + "\n\n"}, 200, &refused)
            .size() == 2);
  CHECK_FALSE(refused);  // the bound is per event

  sse_parser p;
  p.reset(16);
  events out;
  CHECK_FALSE(p.feed("data: 0123456789abcdefg\n\n", &collect, &out));  // 17 bytes of data
  CHECK_FALSE(p.feed("data: ok\n\n", &collect, &out));  // refused until reset
  p.reset(16);
  CHECK(p.feed("data: ok\n\n", &collect, &out));
  CHECK(out == events{{"message", "ok"}});
  CHECK(p.dispatched() == 1);
}
