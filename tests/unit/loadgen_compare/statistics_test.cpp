// Known-answer tests of compare's statistics on synthetic data: A/A is not flagged, a 20 % shift always is,
// throughput and error-rate cases, run-to-run spread, determinism.
#include <catch2/catch.hpp>

#include "loadgen/compare/bootstrap.hpp"
#include "loadgen/compare/comparison.hpp"
#include "loadgen/compare/proportion_test.hpp"
#include "unit/loadgen_compare/synthetic_runs.hpp"

using namespace ragbench;
using namespace ragbench::loadgen;
using ragbench::loadgen::testing::synthetic_run;
using ragbench::loadgen::testing::synthetic_spec;

namespace {

compare_options fast_options() {
  compare_options o;
  o.iterations = 500;
  return o;
}

const metric_comparison& row_of(const comparison& c, std::string_view endpoint, compare_metric m) {
  for (const auto& r : c.rows) {
    if (r.endpoint == endpoint && r.metric == m) return r;
  }
  FAIL("no row " << endpoint << " " << to_string(m));
  throw;
}

}  // namespace

TEST_CASE("normal quantile and cdf are inverse and match tables", "[compare][math]") {
  CHECK(normal_quantile(0.975) == Approx(1.959964).margin(1e-6));
  CHECK(normal_quantile(0.5) == Approx(0).margin(1e-9));
  CHECK(normal_cdf(-1.644854) == Approx(0.05).margin(1e-6));
}

TEST_CASE("the bootstrap quantile draw is centred on the sample quantile", "[compare][math]") {
  random_source rng(7);
  const auto h = loadgen::testing::lognormal_histogram(rng, synthetic_spec{.requests = 20000});
  const histogram_blocks blocks({&h});
  for (double q : {50.0, 95.0, 99.0}) {
    double sum = 0;
    for (int i = 0; i < 2000; ++i) sum += blocks.draw_quantile(q, rng);
    CHECK(sum / 2000 == Approx(blocks.quantile(q)).epsilon(0.01));
  }
  double sum = 0;
  for (int i = 0; i < 2000; ++i) sum += blocks.draw_mean(rng);
  CHECK(sum / 2000 == Approx(h.mean()).epsilon(0.005));
}

TEST_CASE("A/A: runs from the same distribution are not flagged in >= 95 of 100 seeded trials", "[compare][aa]") {
  int flagged = 0;
  for (std::uint64_t trial = 0; trial < 100; ++trial) {
    random_source rng(1000 + trial);
    const auto a = synthetic_run(rng, "a", {});
    const auto b = synthetic_run(rng, "b", {});
    const auto c = compare_runs({a}, {b}, fast_options());
    if (c.count(verdict::worse) + c.count(verdict::better) != 0) ++flagged;
  }
  CHECK(flagged <= 5);
}

TEST_CASE("A/A with zero tolerance: the interval's false-alarm rate is about 1 - confidence", "[compare][aa]") {
  auto o = fast_options();
  o.tolerance.fill(0);
  o.min_abs_ms = 0;
  int flagged = 0;
  for (std::uint64_t trial = 0; trial < 100; ++trial) {
    random_source rng(5000 + trial);
    const auto c = compare_runs({synthetic_run(rng, "a", {})}, {synthetic_run(rng, "b", {})}, o);
    if (row_of(c, "search", compare_metric::p95).result != verdict::same) ++flagged;
  }
  CHECK(flagged <= 12);  // nominal 5 %; binomial(100, 0.05) exceeds 12 with probability < 0.1 %
}

TEST_CASE("a 20 % latency shift is always flagged, in the right direction", "[compare][shift]") {
  const double scale = GENERATE(1.2, 1 / 1.2);
  const verdict expected = scale > 1 ? verdict::worse : verdict::better;
  for (std::uint64_t trial = 0; trial < 100; ++trial) {
    random_source rng(2000 + trial);
    const auto a = synthetic_run(rng, "a", {.requests = 20000});
    const auto b = synthetic_run(rng, "b", {.requests = 20000, .scale = scale});
    const auto c = compare_runs({a}, {b}, fast_options());
    for (auto m : {compare_metric::p50, compare_metric::p95, compare_metric::p99, compare_metric::mean}) {
      const auto& r = row_of(c, "search", m);
      INFO("trial " << trial << " " << to_string(m) << " change " << r.change << " [" << r.low << ", " << r.high << "]");
      REQUIRE(r.result == expected);
      CHECK(r.change == Approx(scale - 1).margin(m == compare_metric::p99 ? 0.1 : 0.05));
    }
    REQUIRE(row_of(c, "search", compare_metric::rps).result == verdict::same);
  }
}

TEST_CASE("sub-millisecond jitter below the absolute floor is not flagged", "[compare][shift]") {
  random_source rng(3);
  const auto a = synthetic_run(rng, "a", {.requests = 50000, .median_ms = 0.1, .sigma = 0.2});
  const auto b = synthetic_run(rng, "b", {.requests = 50000, .median_ms = 0.1, .sigma = 0.2, .scale = 1.3});
  const auto c = compare_runs({a}, {b}, fast_options());
  CHECK(row_of(c, "search", compare_metric::p50).result == verdict::same);  // +30 % of 0.1 ms = 0.03 ms < 0.05
  auto o = fast_options();
  o.min_abs_ms = 0.01;
  const auto strict = compare_runs({a}, {b}, o);
  CHECK(row_of(strict, "search", compare_metric::p50).result == verdict::worse);
}

TEST_CASE("throughput: a 20 % drop is worse, a 20 % rise better, equal rates same", "[compare][rps]") {
  random_source rng(11);
  const auto base = synthetic_run(rng, "a", {.requests = 4000});
  const double rps_scale = GENERATE(0.8, 1.2, 1.0);
  const auto cand = synthetic_run(rng, "b", {.requests = 4000, .rps_scale = rps_scale});
  const auto c = compare_runs({base}, {cand}, fast_options());
  const auto& r = row_of(c, "search", compare_metric::rps);
  CHECK(r.method == "bootstrap");
  CHECK(r.result == (rps_scale < 1 ? verdict::worse : rps_scale > 1 ? verdict::better : verdict::same));
}

TEST_CASE("error rate: two-proportion test against the absolute tolerance", "[compare][errors]") {
  random_source rng(13);
  const auto base = synthetic_run(rng, "a", {.requests = 10000, .failures = 10});
  SECTION("2 % failures instead of 0.1 % is worse") {
    const auto cand = synthetic_run(rng, "b", {.requests = 10000, .failures = 200});
    const auto c = compare_runs({base}, {cand}, fast_options());
    const auto& r = row_of(c, "all", compare_metric::error_rate);
    CHECK(r.result == verdict::worse);
    CHECK(r.p_value < 1e-6);
    CHECK(r.change == Approx(0.019));
  }
  SECTION("12 failures instead of 10 is noise") {
    const auto cand = synthetic_run(rng, "b", {.requests = 10000, .failures = 12});
    const auto c = compare_runs({base}, {cand}, fast_options());
    CHECK(row_of(c, "all", compare_metric::error_rate).result == verdict::same);
  }
  SECTION("a significant but tiny rise stays within the tolerance") {
    const auto big_base = synthetic_run(rng, "a", {.requests = 1000000, .failures = 0});
    const auto big_cand = synthetic_run(rng, "b", {.requests = 1000000, .failures = 500});  // 0.05 % < 0.1 %
    const auto c = compare_runs({big_base}, {big_cand}, fast_options());
    const auto& r = row_of(c, "all", compare_metric::error_rate);
    CHECK(r.p_value < 0.001);
    CHECK(r.result == verdict::same);
  }
  SECTION("the interval stays sensible with no failures at all") {
    const auto t = two_proportion_test(0, 1000, 0, 1000, 0.95);
    CHECK(t.p_value == 1);
    CHECK(t.low < 0);
    CHECK(t.high > 0);
  }
}

TEST_CASE("several runs per side: run-to-run spread widens the interval", "[compare][runs]") {
  // Each run is scaled by its own factor (machine noise between runs); one merged run would hide that.
  random_source rng(17);
  std::vector<run_sample> a, b;
  const double factors[] = {0.9, 1.08, 1.0, 0.95, 1.12};
  for (double f : factors) a.push_back(synthetic_run(rng, "a", {.requests = 5000, .scale = f}));
  for (double f : factors) b.push_back(synthetic_run(rng, "b", {.requests = 5000, .scale = f * 1.04}));
  auto o = fast_options();
  o.tolerance.fill(0);
  const auto multi_runs = compare_runs(a, b, o);
  const auto single_run = compare_runs({a[0]}, {b[0]}, o);
  const auto& multi = row_of(multi_runs, "search", compare_metric::p50);
  const auto& single = row_of(single_run, "search", compare_metric::p50);
  CHECK(multi.high - multi.low > 2 * (single.high - single.low));
  CHECK(multi.result == verdict::same);  // a 4 % change inside +-10 % run-to-run spread is not a verdict
}

TEST_CASE("same inputs and seed give the same comparison - endpoints only on one side are reported", "[compare]") {
  random_source rng(19);
  const auto a = synthetic_run(rng, "a", {});
  auto b = synthetic_run(rng, "b", {});
  b.endpoints.back().name = "query";
  const auto c1 = compare_runs({a}, {b}, fast_options());
  const auto c2 = compare_runs({a}, {b}, fast_options());
  REQUIRE(c1.rows.size() == c2.rows.size());
  for (std::size_t i = 0; i < c1.rows.size(); ++i) {
    CHECK(c1.rows[i].low == c2.rows[i].low);
    CHECK(c1.rows[i].high == c2.rows[i].high);
  }
  CHECK(row_of(c1, "search", compare_metric::p99).note == "only in baseline");
  CHECK(row_of(c1, "query", compare_metric::p99).note == "only in candidate");
  CHECK(row_of(c1, "query", compare_metric::p99).result == verdict::same);
}

TEST_CASE("A/A with 3 drifting runs per side is not flagged in >= 95 of 100 seeded trials", "[compare][aa][runs]") {
  // Each run is scaled by its own machine-noise factor (sd 3 %): run-to-run drift that a comparison of two
  // merged histograms would mistake for a change.
  int flagged = 0;
  for (std::uint64_t trial = 0; trial < 100; ++trial) {
    random_source rng(9000 + trial);
    std::vector<run_sample> a, b;
    for (int i = 0; i < 3; ++i) a.push_back(synthetic_run(rng, "a", {.requests = 2000, .scale = 1 + 0.03 * rng.normal()}));
    for (int i = 0; i < 3; ++i) b.push_back(synthetic_run(rng, "b", {.requests = 2000, .scale = 1 + 0.03 * rng.normal()}));
    const auto c = compare_runs(a, b, fast_options());
    if (c.count(verdict::worse) + c.count(verdict::better) != 0) ++flagged;
  }
  CHECK(flagged <= 5);
}

TEST_CASE("generator-limited runs are noted - --endpoint filters and rejects unknown names", "[compare]") {
  random_source rng(23);
  auto a = synthetic_run(rng, "base-run", {});
  a.generator_valid = false;
  a.generator_reason = "12% of scheduled starts dropped";
  const auto b = synthetic_run(rng, "cand-run", {});
  auto o = fast_options();
  o.endpoints = {"search"};
  const auto c = compare_runs({a}, {b}, o);
  CHECK(c.rows.size() == all_compare_metrics.size());
  for (const auto& r : c.rows) CHECK(r.endpoint == "search");
  REQUIRE(c.notes.size() == 1);
  CHECK_THAT(c.notes[0], Catch::Matchers::Contains("base-run") && Catch::Matchers::Contains("12% of scheduled starts"));
  o.endpoints = {"nope"};
  CHECK_THROWS_WITH(compare_runs({a}, {b}, o), Catch::Matchers::Contains("--endpoint 'nope'"));
  CHECK_THROWS_AS(compare_runs({}, {b}, fast_options()), compare_input_error);
}

TEST_CASE("an endpoint only some runs have: resamples without it are skipped", "[compare][runs]") {
  random_source rng(29);
  std::vector<run_sample> a, b;
  for (int i = 0; i < 3; ++i) a.push_back(synthetic_run(rng, "a", {}));
  for (int i = 0; i < 3; ++i) b.push_back(synthetic_run(rng, "b", {}));
  a[1].endpoints.pop_back();  // run 2 of the baseline never called "search"
  const auto c = compare_runs(a, b, fast_options());
  const auto& r = row_of(c, "search", compare_metric::p50);
  CHECK(r.method == "bootstrap");
  CHECK(r.low > -0.5);  // not -100 %: resamples holding only run 2 carry no p50 and are skipped
  CHECK(r.high < 0.5);
  CHECK(r.result == verdict::same);
}
