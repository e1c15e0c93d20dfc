// The LIMIT setting: "N/WINDOW" parsing, formatting back, and every rejected form with its reason.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "server/ratelimit/rate_limit.hpp"

using namespace ragbench::server;
using namespace std::chrono_literals;

TEST_CASE("rate limits parse from N/WINDOW and print back the same way", "[ratelimit][limit]") {
  CHECK(parse_rate_limit("20/1m") == rate_limit{20, 60s});
  CHECK(parse_rate_limit("5/15m") == rate_limit{5, 15min});
  CHECK(parse_rate_limit("30/60s") == rate_limit{30, 60s});
  CHECK(parse_rate_limit("100/h") == rate_limit{100, 1h});
  CHECK(parse_rate_limit("10/s") == rate_limit{10, 1s});
  CHECK(parse_rate_limit("20/min") == rate_limit{20, 60s});
  CHECK(parse_rate_limit("3/1500ms") == rate_limit{3, 1500ms});
  CHECK_FALSE(parse_rate_limit("off").enabled());
  for (const char* text : {"20/1m", "5/15m", "100/1h", "10/1s", "3/1500ms", "off"}) {
    CHECK(to_string(parse_rate_limit(text)) == text);
  }
  CHECK(to_string(parse_rate_limit("30/60s")) == "30/1m");
  CHECK(parse_rate_limit("5/15m").interval_us() == 180'000'000);
  CHECK(parse_rate_limit("3/1s").interval_us() == 333'333);
}

TEST_CASE("bad rate limits are refused with the reason", "[ratelimit][limit]") {
  auto reason = [](const char* text) {
    try {
      parse_rate_limit(text);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK_THAT(reason("20"), Catch::Contains("expected REQUESTS/WINDOW"));
  CHECK_THAT(reason("0/1m"), Catch::Contains("from 1 to 1000000"));
  CHECK_THAT(reason("-1/1m"), Catch::Contains("from 1 to 1000000"));
  CHECK_THAT(reason("x/1m"), Catch::Contains("from 1 to 1000000"));
  CHECK_THAT(reason("2000000/1m"), Catch::Contains("from 1 to 1000000"));
  CHECK_THAT(reason("20/"), Catch::Contains("duration with a unit"));
  CHECK_THAT(reason("20/60"), Catch::Contains("duration with a unit"));
  CHECK_THAT(reason("20/fortnight"), Catch::Contains("duration with a unit"));
  CHECK_THAT(reason("20/500ms"), Catch::Contains("from 1s to 7 days"));
  CHECK_THAT(reason("20/8d"), Catch::Contains("duration with a unit"));
  CHECK_THAT(reason("20/200h"), Catch::Contains("from 1s to 7 days"));
}
