// The per-second load series: adding out of order, exact merge with a shift, JSON round trip and its checks.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "loadgen/stats/load_series.hpp"
#include "loadgen/stats/run_stats.hpp"

using namespace ragbench::loadgen;
using f = load_series::field;

TEST_CASE("load series: counts land in their second, in second order, whatever the order of adding", "[stats][load]") {
  load_series s;
  s.add(2, f::scheduled, 5);
  s.add(0, f::users_started);
  s.add(2, f::late);
  s.add(1, f::dropped, 3);
  s.add(7, f::scheduled, 0);  // nothing to count: no point
  REQUIRE(s.points().size() == 3);
  CHECK(s.points()[0] == load_point{.second = 0, .users_started = 1});
  CHECK(s.points()[1] == load_point{.second = 1, .dropped = 3});
  CHECK(s.points()[2] == load_point{.second = 2, .scheduled = 5, .late = 1});
}

TEST_CASE("load series: merge adds by second, shifted for a segment that started later", "[stats][load]") {
  load_series a, b;
  a.add(0, f::scheduled, 10);
  a.add(1, f::scheduled, 10);
  b.add(0, f::scheduled, 4);
  b.add(3, f::dropped, 2);
  a.merge(b, 1);
  REQUIRE(a.points().size() == 3);
  CHECK(a.points()[0].scheduled == 10);
  CHECK(a.points()[1].scheduled == 14);
  CHECK(a.points()[2] == load_point{.second = 4, .dropped = 2});
}

TEST_CASE("load series: JSON round trip inside run_stats, absent in older files, bad input refused", "[stats][load]") {
  run_stats s;
  s.load.add(0, f::scheduled, 100);
  s.load.add(1, f::late, 2);
  const auto j = s.to_json();
  CHECK(j["load"] == nlohmann::json::parse("[[0,100,0,0,0],[1,0,2,0,0]]"));
  CHECK(run_stats::from_json(j, "t").load == s.load);
  auto old = j;
  old.erase("load");
  CHECK(run_stats::from_json(old, "t").load.empty());
  for (const char* bad : {R"({"x":1})", "[[0,1,2]]", "[[0,1,2,3,-4]]", "[[1,0,0,0,0],[1,0,0,0,0]]", "[[0,1.5,0,0,0]]"}) {
    INFO(bad);
    CHECK_THROWS(load_series::from_json(nlohmann::json::parse(bad), "t"));
  }
}
