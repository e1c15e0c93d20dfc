#include <catch2/catch.hpp>

#include "common/units.hpp"

using namespace std::chrono_literals;
using ragbench::parse_duration;
using ragbench::parse_size;

TEST_CASE("durations parse with units", "[units]") {
  CHECK(parse_duration("250ms") == 250ms);
  CHECK(parse_duration("1.5s") == 1500ms);
  CHECK(parse_duration("2m") == 120s);
  CHECK(parse_duration("1h") == 3600s);
  CHECK(parse_duration("750us") == 750us);
  CHECK(parse_duration("10", "s") == 10s);
}

TEST_CASE("malformed durations are rejected", "[units]") {
  CHECK_FALSE(parse_duration(""));
  CHECK_FALSE(parse_duration("10"));
  CHECK_FALSE(parse_duration("ms"));
  CHECK_FALSE(parse_duration("-5s"));
  CHECK_FALSE(parse_duration("5 parsecs"));
  CHECK_FALSE(parse_duration("1e400s"));
}

TEST_CASE("sizes parse in decimal and binary units", "[units]") {
  CHECK(parse_size("16MiB") == 16u * 1024 * 1024);
  CHECK(parse_size("10MB") == 10'000'000u);
  CHECK(parse_size("4096") == 4096u);
  CHECK(parse_size("1.5KiB") == 1536u);
  CHECK_FALSE(parse_size("12 apples"));
  CHECK_FALSE(parse_size("-1"));
}
