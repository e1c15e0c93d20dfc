// Feeders: CSV quoting and errors, JSON lines, and the three pick modes.
#include <catch2/catch.hpp>

#include <set>
#include <thread>

#include "loadgen/scenario/feeder.hpp"
#include "loadgen/scenario/scenario_error.hpp"

using namespace ragbench::loadgen;

TEST_CASE("CSV parses quoted fields, doubled quotes, CRLF and embedded newlines", "[feeders]") {
  auto t = parse_csv("a,b\r\n1,\"x, y\"\r\n\"say \"\"hi\"\"\",\"two\nlines\"\n,\n", "d.csv");
  CHECK(t.columns == std::vector<std::string>{"a", "b"});
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[0] == feeder_row{"1", "x, y"});
  CHECK(t.rows[1] == feeder_row{"say \"hi\"", "two\nlines"});
  CHECK(t.rows[2] == feeder_row{"", ""});
}

TEST_CASE("CSV errors name the data file and line", "[feeders]") {
  using row = std::pair<std::string, std::string>;
  auto [text, expected] = GENERATE(
      row{"a,b\n1,2\n3\n", "d.csv:3: expected 2 fields, found 1"},
      row{"a,b\n1,\"2\n", "d.csv:2: unterminated quoted field"},
      row{"a,b\n1,x\"y\n", "d.csv:2: stray '\"' inside an unquoted field (quote the whole field)"},
      row{"a,a\n1,2\n", "d.csv:1: duplicate column name 'a'"},
      row{"", "d.csv:1: empty CSV file (a header row is required)"},
      row{"a,b\n", "d.csv:1: no data rows after the header"});
  CAPTURE(text);
  CHECK_THROWS_WITH(parse_csv(text, "d.csv"), expected);
}

TEST_CASE("JSON lines: union of keys, scalars as text, errors by line", "[feeders]") {
  auto t = parse_jsonl("{\"q\":\"a\",\"n\":1}\n\n{\"q\":\"b\",\"ok\":true}\n", "d.jsonl");
  CHECK(t.columns == std::vector<std::string>{"q", "n", "ok"});
  CHECK(t.rows[0] == feeder_row{"a", "1", ""});
  CHECK(t.rows[1] == feeder_row{"b", "", "true"});
  CHECK_THROWS_WITH(parse_jsonl("{\"q\":1}\n[1]\n{bad\n", "d.jsonl"),
                    "d.jsonl:2: expected a JSON object per line\nd.jsonl:3: not valid JSON");
}

TEST_CASE("pick modes", "[feeders]") {
  std::vector<feeder_row> rows{{"0"}, {"1"}, {"2"}, {"3"}};
  std::mt19937_64 rng(7);
  SECTION("sequential wraps around") {
    feeder f("f", {"v"}, rows, pick_mode::sequential);
    std::string seen;
    for (int i = 0; i < 6; ++i) seen += (*f.next(rng))[0];
    CHECK(seen == "012301");
  }
  SECTION("random covers every row") {
    feeder f("f", {"v"}, rows, pick_mode::random);
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) seen.insert((*f.next(rng))[0]);
    CHECK(seen.size() == 4);
  }
  SECTION("unique hands each row out once across threads, then nullptr") {
    std::vector<feeder_row> many;
    for (int i = 0; i < 1000; ++i) many.push_back({std::to_string(i)});
    feeder f("f", {"v"}, many, pick_mode::unique);
    std::vector<std::vector<const feeder_row*>> got(2);
    std::vector<std::thread> threads;
    for (int t = 0; t < 2; ++t)
      threads.emplace_back([&, t] {
        std::mt19937_64 r(static_cast<unsigned>(t));
        while (const auto* row = f.next(r)) got[t].push_back(row);
      });
    for (auto& th : threads) th.join();
    std::set<const feeder_row*> all(got[0].begin(), got[0].end());
    all.insert(got[1].begin(), got[1].end());
    CHECK(got[0].size() + got[1].size() == 1000);
    CHECK(all.size() == 1000);
    CHECK(f.next(rng) == nullptr);
    f.reset();
    CHECK(f.next(rng) != nullptr);
  }
}
