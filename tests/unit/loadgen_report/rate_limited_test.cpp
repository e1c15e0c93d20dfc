// 429 answers are their own kind (rate_limited): counted per endpoint apart from failures, kept
// out of the latency histograms, merged, written to and read from JSON, reported, and usable in KPIs.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "loadgen/report/kpi.hpp"
#include "loadgen/report/markdown_report.hpp"
#include "loadgen/report/run_result.hpp"
#include "loadgen/report/summary_json.hpp"
#include "loadgen/stats/stats_recorder.hpp"

using namespace std::chrono_literals;
using namespace ragbench::loadgen;
using ragbench::fake_clock;

namespace {

kpi must_parse(std::string_view text, std::string_view endpoint = "all") {
  auto r = parse_kpi(text, endpoint);
  if (auto* e = std::get_if<kpi_parse_error>(&r)) FAIL("'" << text << "': " << e->what());
  return std::get<kpi>(r);
}

// "heavy": 3 served, 5 refused with 429; "light": 4 served.
run_result limited_run() {
  fake_clock clock;
  stats_recorder rec(clock, clock.now());
  const auto heavy = rec.register_endpoint("heavy");
  const auto light = rec.register_endpoint("light");
  for (int i = 0; i < 3; ++i) rec.record_success(heavy, 5ms, 5ms, 200, 10, 100);
  for (int i = 0; i < 5; ++i) rec.record_rate_limited(heavy);
  for (int i = 0; i < 4; ++i) rec.record_success(light, 5ms, 5ms, 200, 10, 100);
  clock.advance(2s);
  run_result run;
  run.stats = rec.snapshot();
  run.duration_s = 2;
  compute_totals(run);
  return run;
}

}  // namespace

TEST_CASE("a 429 is counted as rate_limited, not as a failure or a latency sample", "[stats][rate_limited]") {
  const auto run = limited_run();
  const auto& heavy = *run.stats.find("heavy");
  CHECK(heavy.requests == 8);
  CHECK(heavy.rate_limited == 5);
  CHECK(heavy.failures == 0);
  CHECK(heavy.status_counts.at(429) == 5);
  CHECK(heavy.latency.count() == 3);
  CHECK(run.totals.rate_limited == 5);
  CHECK(run.totals.failures == 0);
  CHECK(run.stats.aggregate().rate_limited == 5);
}

TEST_CASE("rate_limited survives the JSON round trip and merges", "[stats][rate_limited]") {
  const auto run = limited_run();
  const auto& heavy = *run.stats.find("heavy");
  const auto back = endpoint_stats::from_json(heavy.to_json(), "test");
  CHECK(back == heavy);
  auto merged = back;
  merged.merge(heavy);
  CHECK(merged.rate_limited == 10);
  CHECK(merged.requests == 16);
  // A file written before the field existed reads as zero.
  auto old = run.stats.find("light")->to_json();
  old.erase("rate_limited");
  CHECK(endpoint_stats::from_json(old, "test").rate_limited == 0);
  // More 429s than requests is refused.
  auto bad = heavy.to_json();
  bad["rate_limited"] = 100;
  CHECK_THROWS_WITH(endpoint_stats::from_json(bad, "test"), Catch::Contains("rate-limited"));
}

TEST_CASE("summary.json and report.md report 429s per endpoint", "[stats][rate_limited]") {
  auto run = limited_run();
  const auto summary = to_summary_json(run);
  CHECK(summary["endpoints"]["heavy"]["rate_limited"] == 5);
  CHECK(summary["endpoints"]["light"]["rate_limited"] == 0);
  CHECK(summary["totals"]["rate_limited"] == 5);
  CHECK(summary["totals"]["failures"] == 0);
  const auto md = render_markdown(run);
  CHECK_THAT(md, Catch::Contains("### Rate limited (429, not failures)"));
  CHECK_THAT(md, Catch::Contains("| heavy | 5 | 62.5% |"));
}

TEST_CASE("the rate_limited KPI counts 429s and error_rate ignores them", "[kpi][rate_limited]") {
  const auto run = limited_run();
  CHECK(evaluate_kpi(must_parse("rate_limited > 0", "heavy"), run).pass);
  CHECK(evaluate_kpi(must_parse("rate_limited == 5", "heavy"), run).value == 5);
  CHECK(evaluate_kpi(must_parse("rate_limited == 0", "light"), run).pass);
  CHECK_FALSE(evaluate_kpi(must_parse("rate_limited == 0"), run).pass);
  CHECK(evaluate_kpi(must_parse("failures == 0", "heavy"), run).pass);
  CHECK(evaluate_kpi(must_parse("error_rate < 0.1%", "heavy"), run).pass);
  auto r = parse_kpi("rate_limited > 0 after 10s");
  REQUIRE(std::holds_alternative<kpi_parse_error>(r));
  CHECK_THAT(std::get<kpi_parse_error>(r).message, Catch::Contains("whole run"));
  CHECK(std::get<kpi>(parse_kpi("rate_limited < 10")).metric == kpi_metric::rate_limited);
}
