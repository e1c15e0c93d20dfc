#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "common/json_text.hpp"
#include "server/rag/chunker.hpp"

using namespace ragbench::server;

namespace {

std::string words(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += (i ? " w" : "w") + std::to_string(i);
  return s;
}

}  // namespace

TEST_CASE("chunker: options are validated with the option named", "[rag][chunker]") {
  CHECK_THROWS_WITH(chunker(chunker_options{15, 0}), Catch::Contains("'size'"));
  CHECK_THROWS_WITH(chunker(chunker_options{16, 16}), Catch::Contains("'overlap'"));
  CHECK_THROWS_WITH(chunker(chunker_options{100, 200}), Catch::Contains("'overlap'"));
  CHECK_THROWS_WITH(parse_chunk_unit("bytes"), Catch::Contains("chars, tokens"));
  CHECK(parse_chunk_unit("tokens") == chunk_unit::tokens);
  CHECK_NOTHROW(chunker(chunker_options{16, 15}));
}

TEST_CASE("chunker: empty and whitespace-only text give no chunks", "[rag][chunker]") {
  const auto unit = GENERATE(chunk_unit::chars, chunk_unit::tokens);
  chunker c(chunker_options{32, 8, unit});
  CHECK(c.split("").empty());
  CHECK(c.split(" \n\t  ").empty());
  const auto one = c.split_views("  hello world  ");
  REQUIRE(one.size() == 1);
  CHECK(one[0] == "hello world");
}

TEST_CASE("chunker: chars without whitespace gives exact windows and exact overlap", "[rag][chunker]") {
  std::string text;
  for (int i = 0; i < 1000; ++i) text.push_back(static_cast<char>('a' + i % 26));
  const std::size_t size = GENERATE(16, 100, 256);
  const std::size_t overlap = GENERATE(0, 10, 15);
  chunker c(chunker_options{size, overlap});
  const auto spans = c.split(text);
  REQUIRE(!spans.empty());
  CHECK(spans.front().offset == 0);
  CHECK(spans.back().offset + spans.back().length == text.size());
  for (std::size_t i = 0; i < spans.size(); ++i) {
    CHECK(spans[i].offset == i * (size - overlap));
    if (i + 1 < spans.size()) {
      CHECK(spans[i].length == size);
      // The last `overlap` bytes of chunk i are the first bytes of chunk i+1.
      CHECK(spans[i + 1].offset == spans[i].offset + spans[i].length - overlap);
    }
  }
}

TEST_CASE("chunker: chars snaps to whitespace and covers every word", "[rag][chunker]") {
  const std::string text = words(2000);
  chunker c(chunker_options{200, 50});
  const auto views = c.split_views(text);
  REQUIRE(views.size() > 10);
  std::size_t covered_to = 0;
  for (std::size_t i = 0; i < views.size(); ++i) {
    const auto v = views[i];
    CHECK(v.size() <= 200);
    CHECK(v.front() == 'w');                     // starts at a word
    CHECK(v.back() != ' ');
    const std::size_t off = static_cast<std::size_t>(v.data() - text.data());
    CHECK(off <= covered_to + 1);                 // no gap between chunks
    const std::size_t end = off + v.size();
    CHECK((end == text.size() || text[end] == ' '));  // ends at a word end
    if (i > 0) {
      CHECK(off < covered_to);                    // overlaps the previous chunk
      CHECK(covered_to - off <= 50);
    }
    covered_to = end;
  }
  CHECK(covered_to == text.size());
}

TEST_CASE("chunker: tokens gives size words and exact word overlap", "[rag][chunker]") {
  const std::string text = "  " + words(100) + "\n";
  chunker c(chunker_options{20, 5, chunk_unit::tokens});
  const auto views = c.split_views(text);
  // windows start at words 0, 15, 30, 45, 60, 75 (75..94), 90 (90..99)
  REQUIRE(views.size() == 7);
  CHECK(views[0].substr(0, 3) == "w0 ");
  CHECK(views[0].substr(views[0].size() - 4) == " w19");
  CHECK(views[1].substr(0, 4) == "w15 ");
  CHECK(views[6] == "w90 w91 w92 w93 w94 w95 w96 w97 w98 w99");
}

TEST_CASE("chunker: too many chunks is a clear length_error", "[rag][chunker]") {
  chunker_options o{16, 0};
  o.max_chunks = 10;
  chunker c(o);
  CHECK(c.split(std::string(160, 'x')).size() == 10);
  CHECK_THROWS_AS(c.split(std::string(161, 'x')), std::length_error);
  CHECK_THROWS_WITH(c.split(std::string(1000, 'x')), Catch::Contains("more than 10 chunks"));
}

TEST_CASE("chunker: chars windows never cut a UTF-8 character", "[rag][chunker]") {
  // Regression: text without whitespace (CJK) was cut at exact byte offsets, in the middle of
  // multi-byte characters, so chunks (and answers quoting them) were invalid UTF-8.
  std::string text;
  for (int i = 0; i < 1000; ++i) text += (i % 7 == 0) ? "\xf0\x9f\x93\x98" : "\xe6\x97\xa5";  // 4- and 3-byte
  const std::size_t size = GENERATE(16, 100, 800);
  const std::size_t overlap = GENERATE(0, 10, 15);
  chunker c(chunker_options{size, overlap});
  const auto views = c.split_views(text);
  REQUIRE(!views.empty());
  std::size_t covered_to = 0;
  for (const auto v : views) {
    CHECK(ragbench::is_valid_utf8(v));
    CHECK(v.size() <= size);
    const std::size_t off = static_cast<std::size_t>(v.data() - text.data());
    CHECK(off <= covered_to);  // no gap
    covered_to = std::max(covered_to, off + v.size());
  }
  CHECK(covered_to == text.size());
}
