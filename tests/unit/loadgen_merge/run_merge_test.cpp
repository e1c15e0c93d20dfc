// loadgen merge on synthetic segments: exactness against one process that saw every sample, the
// wall-clock alignment of the per-second series, order invariance, the flags, and the KPIs evaluated
// again on the merged data.
#include <catch2/catch.hpp>

#include <algorithm>

#include "loadgen/report/run_dir.hpp"
#include "unit/loadgen_merge/merge_test_support.hpp"
#include "unit/loadgen_merge/synthetic_segments.hpp"

using namespace ragbench;
using namespace ragbench::loadgen;
using namespace ragbench::loadgen::testing;

TEST_CASE("merge: the merged statistics equal one process that recorded every sample", "[merge]") {
  for (int count : {1, 2, 4, 7}) {
    INFO("segments: " << count);
    const auto t = synthetic(count);
    const run_result m = merged(t.segments);
    CHECK(m.stats == t.whole.stats);  // histograms, series, status, errors, reasons, bytes, dropped
    const auto& lat = m.stats.find("search")->latency;
    CHECK(lat.value_at_percentile(99) == t.whole.stats.find("search")->latency.value_at_percentile(99));
    CHECK(m.totals == t.whole.totals);
    CHECK(m.totals.requests == 6u * 40u);
    CHECK(m.duration_s == 6.0);
  }
}

TEST_CASE("merge: the merged p99 is not an average of the segments' p99s", "[merge]") {
  auto t = synthetic(2);
  // Segment 1 is ten times slower: the exact p99 comes from its tail, an average would halve it.
  for (auto& e : t.segments[1].stats.endpoints) {
    hdr_histogram slow;
    e.latency.for_each_bucket([&](const hdr_histogram::bucket& b) { slow.record(b.lowest * 10, b.count); });
    e.latency = slow;
  }
  const run_result m = merged(t.segments);
  hdr_histogram all = t.segments[0].stats.find("search")->latency;
  all.add(t.segments[1].stats.find("search")->latency);
  const auto p99 = m.stats.find("search")->latency.value_at_percentile(99);
  CHECK(p99 == all.value_at_percentile(99));
  const auto avg = (t.segments[0].stats.find("search")->latency.value_at_percentile(99) +
                    t.segments[1].stats.find("search")->latency.value_at_percentile(99)) / 2;
  CHECK(p99 > avg);
}

TEST_CASE("merge: per-second series are aligned on wall-clock time via started_unix_ms", "[merge]") {
  auto t = synthetic(2, 4, 10);
  t.segments[1].segment->started_unix_ms += 2400;  // started 2.4 s later: its second k is second k + 2
  t.segments[1].duration_s = 4.1;
  const run_result m = merged(t.segments);
  CHECK(m.duration_s == Approx(6.5));  // earliest start to latest end (2.4 + 4.1)
  CHECK(m.segment->started_unix_ms == synthetic_start_ms);
  const auto& points = m.stats.find("search")->series.points();
  const auto& a = t.segments[0].stats.find("search")->series.points();
  const auto& b = t.segments[1].stats.find("search")->series.points();
  REQUIRE(points.size() == 6);  // seconds 0..5
  CHECK(points[0].requests == a[0].requests);
  CHECK(points[2].requests == a[2].requests + b[0].requests);
  CHECK(points[5].requests == b[3].requests);
  CHECK(points[5].second == 5);
  // 2.6 s later rounds to 3 s.
  t.segments[1].segment->started_unix_ms += 200;
  CHECK(merged(t.segments).stats.find("search")->series.points().back().second == 6);
}

TEST_CASE("merge: any input order gives byte-identical summary.json and histograms.json", "[merge]") {
  auto t = synthetic(4, 5, 24);
  t.segments[2].segment->started_unix_ms += 130;
  t.segments[3].generator_valid = false;
  t.segments[3].generator_reason = "3% of scheduled starts dropped";
  const run_result reference = merged(t.segments);
  const std::string json = render(reference, "json"), histograms = render(reference, "histograms");
  std::vector<int> order = {0, 1, 2, 3};
  int permutations = 0;
  while (std::next_permutation(order.begin(), order.end())) {
    std::vector<run_result> shuffled;
    for (int i : order) shuffled.push_back(t.segments[static_cast<std::size_t>(i)]);
    const run_result m = merged(shuffled);
    CHECK(render(m, "json") == json);
    CHECK(render(m, "histograms") == histograms);
    ++permutations;
  }
  CHECK(permutations == 23);
}

TEST_CASE("merge: the merged segment object and settings", "[merge]") {
  auto t = synthetic(4);
  t.segments[3].segment->started_unix_ms -= 500;  // the earliest start wins, the lowest index stays
  t.segments[0].settings["segment"] = "0/4";
  const run_result m = merged(t.segments);
  REQUIRE(m.segment);
  CHECK(m.segment->index == 0);
  CHECK(m.segment->count == 4);
  CHECK(m.segment->run_id == "run-7");
  CHECK(m.segment->scenario_hash == "sha256:0123abcd");
  CHECK(m.segment->started_unix_ms == synthetic_start_ms - 500);
  CHECK(m.segment->merged_from == std::vector<int>{0, 1, 2, 3});
  CHECK(m.settings.at("segments") == "merged 4 of 4");
  CHECK(m.settings.count("segment") == 0);
  CHECK(m.settings.at("arrival_rate") == "40/s");
  CHECK_THAT(render(m, "md"), Catch::Contains("Merged from segments 0, 1, 2, 3 of 4 of run `run-7`"));
}

TEST_CASE("merge: KPIs are evaluated again on the merged data, and the verdict can flip", "[merge]") {
  // Each segment delivers 10/s: alone each fails rps >= 30; merged (40/s) the test passes.
  const auto t = synthetic(4, 6, 40, {{"all", "rps >= 30"}, {"search", "p99 < 1s"}});
  for (const auto& s : t.segments) CHECK(s.verdict == "fail");
  const run_result m = merged(t.segments);
  REQUIRE(m.kpis.size() == 2);
  CHECK(m.kpis[0].expr == "all: rps >= 30");
  CHECK(m.kpis[0].value == Approx(40));
  CHECK(m.kpis[0].pass);
  CHECK(m.kpis[1].value == t.whole.kpis[1].value);  // the p99 of the merged histogram, exactly
  CHECK(m.verdict == "pass");
  CHECK(m.verdict_reason.empty());

  // And the other way: a bound on a sum every segment met fails once the segments are added up.
  const auto u = synthetic(2, 6, 40, {{"all", "failures < 13"}});
  CHECK(u.segments[0].totals.failures == 6);
  CHECK(u.segments[1].totals.failures == 12);
  for (const auto& s : u.segments) CHECK(s.verdict == "pass");
  const run_result fail = merged(u.segments);
  CHECK(fail.kpis[0].value == 18);
  CHECK(fail.verdict == "fail");
  CHECK_THAT(fail.verdict_reason, Catch::Contains("all: failures < 13"));
}

TEST_CASE("merge: the error-rate bound is kept and applied to the merged error rate", "[merge]") {
  auto t = synthetic(2);
  for (auto& s : t.segments) evaluate_kpis(s, {}, verdict_rules{10.0});
  const run_result m = merged(t.segments);
  REQUIRE(m.kpis.size() == 1);
  CHECK(m.kpis[0].expr == "all: error_rate <= 10% (max_error_rate)");
  CHECK(m.kpis[0].value == Approx(100.0 * static_cast<double>(t.whole.totals.failures) / 240.0));
  CHECK(m.verdict == "pass");
}

TEST_CASE("merge: a generator-limited segment makes the merged run invalid, naming it", "[merge]") {
  auto t = synthetic(4);
  t.segments[1].generator_valid = false;
  t.segments[1].generator_reason = "12% of scheduled starts dropped";
  t.segments[3].generator_valid = false;
  const run_result m = merged(t.segments);
  CHECK_FALSE(m.generator_valid);
  CHECK(m.generator_reason == "segment 1: 12% of scheduled starts dropped; segment 3: generator-limited");
  CHECK(merged(synthetic(2).segments).generator_valid);
}

TEST_CASE("merge: an interrupted segment makes the merged run interrupted", "[merge]") {
  auto t = synthetic(3);
  t.segments[2].segment->started_unix_ms += 1000;
  mark_interrupted(t.segments[2], run_interruption{"SIGTERM", "2025-10-09T08:53:24Z", 3.0, 6.0});
  const run_result m = merged(t.segments);
  CHECK(m.verdict == "interrupted");
  REQUIRE(m.interrupted);
  CHECK(m.interrupted->signal == "SIGTERM");
  CHECK(m.interrupted->after_s == Approx(4.0));  // on the merged time axis
  CHECK_THAT(m.verdict_reason, Catch::Contains("interrupted: segment 2"));
}

TEST_CASE("merge: server metrics come from the lowest segment that scraped, on the merged time axis", "[merge]") {
  auto t = synthetic(3);
  t.segments[1].segment->started_unix_ms += 1500;
  server_metrics sm;
  sm.sources = {"http://127.0.0.1:8080/metrics"};
  sm.series = {server_series{"cpu_seconds_rate", "1/s", {{1.0, 0.5}, {2.0, 0.7}}}};
  t.segments[1].server = sm;
  sm.series[0].points = {{1.0, 9.0}};
  t.segments[2].server = sm;
  const run_result m = merged(t.segments);
  REQUIRE(m.server);
  REQUIRE(m.server->series.size() == 1);
  CHECK(m.server->series[0].points == std::vector<std::pair<double, double>>{{2.5, 0.5}, {3.5, 0.7}});
  CHECK(m.settings.at("server_metrics") == "scraped by segment 1 only");
}

TEST_CASE("merge: a merged run reads back, and partial merges merge further", "[merge]") {
  const auto t = synthetic(4);
  const run_result first = merged({t.segments[0], t.segments[2]}, true);
  CHECK(first.segment->merged_from == std::vector<int>{0, 2});
  const run_result second = merged({t.segments[3], t.segments[1]}, true);
  const run_result all = merged({second, first});
  CHECK(all.stats == merged(t.segments).stats);
  CHECK(all.segment->merged_from == std::vector<int>{0, 1, 2, 3});
  CHECK(all.settings.at("segments") == "merged 4 of 4");
}

TEST_CASE("merge: the load series moves with its segment, and start lateness is the latest one", "[merge]") {
  auto t = synthetic(2, 3, 10);
  for (auto& s : t.segments) s.stats.load = load_series{};  // only the points below
  t.segments[0].stats.load.add(0, load_series::field::scheduled, 5);
  t.segments[1].stats.load.add(0, load_series::field::scheduled, 7);
  t.segments[1].stats.load.add(1, load_series::field::late, 2);
  t.segments[1].segment->started_unix_ms += 1000;
  t.segments[0].settings["start_late_s"] = "0.002";
  t.segments[1].settings["start_late_s"] = "1.000";
  const run_result m = merged(t.segments);
  const auto& load = m.stats.load.points();
  REQUIRE(load.size() == 3);
  CHECK(load[0].second == 0);
  CHECK(load[0].scheduled == 5);
  CHECK(load[1].second == 1);
  CHECK(load[1].scheduled == 7);
  CHECK(load[2].second == 2);
  CHECK(load[2].late == 2);
  CHECK(m.settings.at("start_late_s") == "1.000");
}

TEST_CASE("merge: a closed segment left without users (no KPI results) merges with the judged ones", "[merge]") {
  auto t = synthetic(3, 4, 20, {{"all", "p99 < 1s"}}, "closed");
  t.segments[2].kpis.clear();  // as loadgen run stores a segment with none of the users
  const run_result m = merged(t.segments);
  REQUIRE(m.kpis.size() == 1);
  CHECK(m.kpis[0].expr == "all: p99 < 1s");
  CHECK(m.verdict == "pass");
}
