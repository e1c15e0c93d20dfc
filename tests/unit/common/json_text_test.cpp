#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <random>

#include "common/json_text.hpp"

using ragbench::append_json_number;
using ragbench::append_json_string;
using ragbench::is_valid_utf8;

TEST_CASE("json strings are escaped and read back identically", "[json_text]") {
  std::mt19937 rng(3);
  std::uniform_int_distribution<int> byte(0, 127);
  for (int round = 0; round < 500; ++round) {
    std::string text;
    for (int i = 0; i < 40; ++i) text.push_back(static_cast<char>(byte(rng)));
    text += "héllo \xe2\x82\xac";  // multi-byte UTF-8 passes through
    std::string out;
    append_json_string(out, text);
    CHECK(nlohmann::json::parse(out).get<std::string>() == text);
  }
  std::string out;
  append_json_string(out, "a\"b\\c\nd\x01");
  CHECK(out == R"("a\"b\\c\nd\u0001")");
}

TEST_CASE("json numbers use the shortest round-tripping form", "[json_text]") {
  std::string out;
  append_json_number(out, 0.25);
  out.push_back(',');
  append_json_number(out, 17);
  out.push_back(',');
  append_json_number(out, std::nan(""));
  CHECK(out == "0.25,17,null");
}

TEST_CASE("utf-8 validation", "[json_text]") {
  CHECK(is_valid_utf8("plain ascii"));
  CHECK(is_valid_utf8("h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80"));
  CHECK_FALSE(is_valid_utf8("\xff"));
  CHECK_FALSE(is_valid_utf8("\xc3"));              // truncated
  CHECK_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));      // surrogate
  CHECK_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // > U+10FFFF
  CHECK_FALSE(is_valid_utf8("ok\x80"));            // stray continuation
}

TEST_CASE("utf-8 prefixes never cut a sequence", "[json_text]") {
  std::string text = "ab\xe2\x82\xac";  // "ab€"
  CHECK(ragbench::utf8_prefix(text, 10) == text);
  CHECK(ragbench::utf8_prefix(text, 5) == text);
  CHECK(ragbench::utf8_prefix(text, 4) == "ab");
  CHECK(ragbench::utf8_prefix(text, 3) == "ab");
  CHECK(ragbench::utf8_prefix(text, 2) == "ab");
  CHECK(ragbench::utf8_prefix(text, 0) == "");
}

TEST_CASE("json_nesting_exceeds counts brackets outside strings only", "[json_text]") {
  using ragbench::json_nesting_exceeds;
  CHECK_FALSE(json_nesting_exceeds("", 0));
  CHECK_FALSE(json_nesting_exceeds("42", 0));
  CHECK(json_nesting_exceeds("{}", 0));
  CHECK_FALSE(json_nesting_exceeds("{}", 1));
  CHECK_FALSE(json_nesting_exceeds(R"({"a":[1,{"b":[]}],"c":{}})", 4));
  CHECK(json_nesting_exceeds(R"({"a":[1,{"b":[]}],"c":{}})", 3));
  CHECK_FALSE(json_nesting_exceeds(R"({"a":"[[[{{{"})", 1));
  CHECK_FALSE(json_nesting_exceeds(R"({"a":"\"[[[\\"})", 1));   // escaped quote, then an escaped backslash
  CHECK(json_nesting_exceeds(R"({"a":"\\",[[]]})", 2));          // the string ends after "\\"
  CHECK(json_nesting_exceeds(std::string(70'000, '[') + std::string(70'000, ']'), 64));
  CHECK_FALSE(json_nesting_exceeds("]]]]{}", 1));  // stray closers never make the count negative
  CHECK_FALSE(json_nesting_exceeds("\"unterminated [[[[", 1));
}
