// Run-to-run noise and time blocks, on runs shaped like a shared machine's (realistic_run: every run has its
// own speed factor, some seconds stall): A/A pairs must not be called, real slowdowns must be, one run per
// side must not claim what run-to-run noise could explain, and relative intervals stay above -100 %.
#include <catch2/catch.hpp>

#include "loadgen/compare/compare_format.hpp"
#include "loadgen/compare/comparison.hpp"
#include "loadgen/compare/within_run.hpp"
#include "unit/loadgen_compare/synthetic_runs.hpp"

using namespace ragbench;
using namespace ragbench::loadgen;
using ragbench::loadgen::testing::realistic_run;
using ragbench::loadgen::testing::realistic_runs;
using ragbench::loadgen::testing::realistic_spec;

namespace {

// The synthetic median is 0.25 ms: a floor below the changes tested.
compare_options fast_options() {
  compare_options o;
  o.iterations = 300;
  o.min_abs_ms = 0.01;
  return o;
}

const metric_comparison& row_of(const comparison& c, std::string_view endpoint, compare_metric m) {
  for (const auto& r : c.rows) {
    if (r.endpoint == endpoint && r.metric == m) return r;
  }
  FAIL("no row " << endpoint << " " << to_string(m));
  throw;
}

bool flagged(const comparison& c) { return c.count(verdict::worse) + c.count(verdict::better) != 0; }

}  // namespace

TEST_CASE("A/A, one run per side, run-to-run noise: never claimed, but reported inconclusive", "[compare][noise]") {
  // Two runs of one configuration differ by their speed factors (sd 10 %): the noise within each run is far
  // smaller, so an interval of within-run noise alone excludes zero most of the time.
  int worse = 0, inconclusive = 0;
  for (std::uint64_t trial = 0; trial < 100; ++trial) {
    random_source rng(100 + trial);
    const auto c = compare_runs({realistic_run(rng, "a", {})}, {realistic_run(rng, "b", {})}, fast_options());
    if (c.regressed()) ++worse;
    if (row_of(c, "all", compare_metric::p50).result == verdict::inconclusive) {
      ++inconclusive;
      CHECK(row_of(c, "all", compare_metric::p50).runs_needed >= 3);
      CHECK(row_of(c, "all", compare_metric::p50).method == "within-run");
    }
  }
  CHECK(worse == 0);
  CHECK(inconclusive >= 30);  // the within-run interval alone would have called these
}

TEST_CASE("A/A, 3 runs per side with run-to-run noise and stalls: at most 5 of 100 flagged", "[compare][noise]") {
  int pairs_flagged = 0;
  for (std::uint64_t trial = 0; trial < 100; ++trial) {
    random_source rng(9000 + trial);
    const auto c = compare_runs(realistic_runs(rng, "a", 3, {}), realistic_runs(rng, "b", 3, {}), fast_options());
    if (flagged(c)) ++pairs_flagged;
    CHECK(row_of(c, "all", compare_metric::p50).method == "runs+blocks");
  }
  CHECK(pairs_flagged <= 5);
}

TEST_CASE("the interval over 3 runs per side covers a zero change at about its confidence", "[compare][noise]") {
  // Zero tolerance and floor: the verdict is then "the interval excludes 0". Nominal 5 % of 200; a two-stage
  // percentile bootstrap over 3 runs (10 distinct resamples) is far too narrow here.
  auto o = fast_options();
  o.tolerance.fill(0);
  o.min_abs_ms = 0;
  int excluded = 0;
  for (std::uint64_t trial = 0; trial < 200; ++trial) {
    random_source rng(7000 + trial);
    const auto c = compare_runs(realistic_runs(rng, "a", 3, {}), realistic_runs(rng, "b", 3, {}), o);
    if (row_of(c, "all", compare_metric::p50).result != verdict::same) ++excluded;
  }
  CHECK(excluded <= 20);
}

TEST_CASE("a 50 % slowdown with 3 runs per side is found in at least 95 of 100 pairs", "[compare][noise]") {
  int found = 0;
  for (std::uint64_t trial = 0; trial < 100; ++trial) {
    random_source rng(3000 + trial);
    const realistic_spec base{.run_sd = 0.05}, slow{.run_sd = 0.05, .scale = 1.5};
    const auto c = compare_runs(realistic_runs(rng, "a", 3, base), realistic_runs(rng, "b", 3, slow), fast_options());
    const auto& p50 = row_of(c, "all", compare_metric::p50);
    if (p50.result == verdict::worse) ++found;
    CHECK(p50.change == Approx(0.5).margin(0.2));
  }
  CHECK(found >= 95);
}

TEST_CASE("one candidate run borrows the run-to-run spread of a baseline with several runs", "[compare][noise]") {
  int aa_flagged = 0, slow_found = 0;
  for (std::uint64_t trial = 0; trial < 200; ++trial) {
    random_source rng(5000 + trial);
    const realistic_spec spec{.run_sd = 0.05};
    const auto baseline = realistic_runs(rng, "a", 5, spec);
    const auto aa = compare_runs(baseline, {realistic_run(rng, "b", spec)}, fast_options());
    if (flagged(aa)) ++aa_flagged;
    const auto& row = row_of(aa, "all", compare_metric::p50);
    CHECK(row.method == "runs+blocks");
    CHECK(row.noise_source == "5 baseline runs");
    realistic_spec slow = spec;
    slow.scale = 1.5;
    const auto c = compare_runs(baseline, {realistic_run(rng, "b", slow)}, fast_options());
    if (row_of(c, "all", compare_metric::p50).result == verdict::worse) ++slow_found;
  }
  CHECK(aa_flagged <= 10);  // at most 5 %
  CHECK(slow_found >= 180);
}

TEST_CASE("1 vs 1 with --noise-from earlier runs: judged, and the source is named", "[compare][noise]") {
  int aa_flagged = 0, slow_found = 0;
  for (std::uint64_t trial = 0; trial < 200; ++trial) {
    random_source rng(6000 + trial);
    const realistic_spec spec{.run_sd = 0.05};
    realistic_spec slow = spec;
    slow.scale = 1.5;
    const auto noise = realistic_runs(rng, "earlier", 6, spec);
    const auto a = realistic_run(rng, "a", spec);
    const auto aa = compare_runs({a}, {realistic_run(rng, "b", spec)}, fast_options(), noise);
    if (flagged(aa)) ++aa_flagged;
    CHECK(row_of(aa, "all", compare_metric::p50).result != verdict::inconclusive);  // p50 borrows the spread
    CHECK_THAT(row_of(aa, "all", compare_metric::p50).noise_source, Catch::Contains("6 earlier runs (--noise-from"));
    const auto c = compare_runs({a}, {realistic_run(rng, "b", slow)}, fast_options(), noise);
    if (row_of(c, "all", compare_metric::p50).result == verdict::worse) ++slow_found;
  }
  CHECK(aa_flagged <= 10);  // at most 5 %
  CHECK(slow_found >= 180);
}

TEST_CASE("without any run-to-run estimate only a change beyond the gross bound is called", "[compare][noise]") {
  random_source rng(41);
  const realistic_spec spec{.run_sd = 0};
  const auto a = realistic_run(rng, "a", spec);
  realistic_spec slow = spec;
  slow.scale = 1.5;
  const auto half = compare_runs({a}, {realistic_run(rng, "b", slow)}, fast_options());
  CHECK(row_of(half, "all", compare_metric::p50).result == verdict::inconclusive);
  CHECK_FALSE(half.regressed());
  CHECK(half.inconclusive());
  slow.scale = 3;
  const auto triple = compare_runs({a}, {realistic_run(rng, "b", slow)}, fast_options());
  CHECK(row_of(triple, "all", compare_metric::p50).result == verdict::worse);  // +200 % > the 100 % bound
  auto o = fast_options();
  o.gross_change = 4;
  CHECK(row_of(compare_runs({a}, {realistic_run(rng, "b", slow)}, o), "all", compare_metric::p50).result ==
        verdict::inconclusive);
}

TEST_CASE("time blocks: stalls widen the within-run noise, calm runs keep the request-level figure",
          "[compare][noise][blocks]") {
  random_source rng(43);
  auto within = [&](const run_sample& run, bool blocks) {
    endpoint_sample e = *run.find("search");
    if (!blocks) {
      e.per_second.clear();
      e.second_latency.clear();
    }
    return estimate_within_run(e, e.requests, 1000, rng);
  };
  // Three stalled seconds of 20: 3 % of the requests wait 10x longer, all in three blocks.
  const auto stalling = realistic_run(rng, "s", {.seconds = 20, .stall_probability = 0, .stall_at = {3, 11, 17}});
  const auto with_blocks = within(stalling, true), requests_only = within(stalling, false);
  CHECK(with_blocks.block_seconds == 2);  // cbrt(20) ~ 3, but at least 8 blocks: 20 / 8 = 2
  CHECK(requests_only.block_seconds == 0);
  CHECK(with_blocks[compare_metric::p99].within_variance > 3 * requests_only[compare_metric::p99].within_variance);
  CHECK(with_blocks[compare_metric::mean].within_variance > 3 * requests_only[compare_metric::mean].within_variance);
  const auto calm = realistic_run(rng, "c", {.seconds = 20, .stall_probability = 0});
  const double calm_blocks = within(calm, true)[compare_metric::p50].within_variance;
  const double calm_requests = within(calm, false)[compare_metric::p50].within_variance;
  CHECK(calm_blocks <= 3 * calm_requests);  // without stalls, blocks add little to the request-level figure
  CHECK(calm_blocks >= 0.8 * calm_requests);
}

TEST_CASE("relative intervals never reach -100 %, however wild the data", "[compare][noise]") {
  for (std::uint64_t trial = 0; trial < 40; ++trial) {
    random_source rng(8000 + trial);
    // A baseline whose stalls wait 1000x longer against a calm candidate: the means differ wildly.
    const realistic_spec wild{.run_sd = 0.8, .stall_probability = 0.3, .stall_share = 0.5, .stall_factor = 1000};
    const auto c = compare_runs(realistic_runs(rng, "a", 2, wild), realistic_runs(rng, "b", 2, {.run_sd = 0.8}),
                                fast_options());
    for (const auto& r : c.rows) {
      if (r.metric == compare_metric::error_rate || r.method == "no-data") continue;
      INFO(r.endpoint << " " << to_string(r.metric) << " [" << r.low << ", " << r.high << "]");
      CHECK(r.low >= -1);  // exp(x) - 1 > -1; only underflow reaches -1 exactly, never below
      CHECK(std::stod(format_interval(r).substr(1)) >= -100.0);  // the text: "[-100.0%, ..." at the lowest
      CHECK(r.low <= r.change);
      CHECK(r.change <= r.high);
    }
  }
}
