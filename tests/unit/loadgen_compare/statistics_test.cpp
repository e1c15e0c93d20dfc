// Known-answer tests of compare's statistics on synthetic data drawn from one distribution per side: shifts
// are found, error-rate and throughput cases, determinism. (Run-to-run noise and time blocks: noise_test.cpp.)
#include <catch2/catch.hpp>

#include "loadgen/compare/comparison.hpp"
#include "loadgen/compare/proportion_test.hpp"
#include "loadgen/compare/run_noise.hpp"
#include "unit/loadgen_compare/synthetic_runs.hpp"

using namespace ragbench;
using namespace ragbench::loadgen;
using ragbench::loadgen::testing::synthetic_run;
using ragbench::loadgen::testing::synthetic_spec;

namespace {

compare_options fast_options() {
  compare_options o;
  o.iterations = 300;
  return o;
}

const metric_comparison& row_of(const comparison& c, std::string_view endpoint, compare_metric m) {
  for (const auto& r : c.rows) {
    if (r.endpoint == endpoint && r.metric == m) return r;
  }
  FAIL("no row " << endpoint << " " << to_string(m));
  throw;
}

std::vector<run_sample> runs_of(random_source& rng, const char* prefix, int n, synthetic_spec s) {
  std::vector<run_sample> out;
  for (int i = 0; i < n; ++i) out.push_back(synthetic_run(rng, prefix + std::to_string(i), s));
  return out;
}

}  // namespace

TEST_CASE("normal and Student t quantiles match tables", "[compare][math]") {
  CHECK(normal_quantile(0.975) == Approx(1.959964).margin(1e-6));
  CHECK(normal_quantile(0.5) == Approx(0).margin(1e-9));
  CHECK(normal_cdf(-1.644854) == Approx(0.05).margin(1e-6));
  CHECK(student_t_quantile(0.975, 4) == Approx(2.776445).margin(1e-5));
  CHECK(student_t_quantile(0.975, 1) == Approx(12.7062).margin(1e-3));
  CHECK(student_t_quantile(0.975, 1e9) == Approx(1.959964).margin(1e-6));
}

TEST_CASE("a 20 % latency shift is flagged in the right direction: p50 from 3 runs, tails from 4", "[compare][shift]") {
  const double scale = GENERATE(1.2, 1 / 1.2);
  const verdict expected = scale > 1 ? verdict::worse : verdict::better;
  for (std::uint64_t trial = 0; trial < 30; ++trial) {
    random_source rng(2000 + trial);
    const auto a = runs_of(rng, "a", 4, {.requests = 5000});
    const auto b = runs_of(rng, "b", 4, {.requests = 5000, .scale = scale});
    const auto c = compare_runs(a, b, fast_options());
    for (auto m : {compare_metric::p50, compare_metric::p95, compare_metric::p99, compare_metric::mean}) {
      const auto& r = row_of(c, "search", m);
      INFO("trial " << trial << " " << to_string(m) << " change " << r.change << " [" << r.low << ", " << r.high << "]");
      REQUIRE(r.result == expected);
      CHECK(r.method == "runs+blocks");
      CHECK(r.change == Approx(scale - 1).margin(0.06));
      if (m != compare_metric::p50) CHECK(r.p_value == Approx(2.0 / 70));  // the runs separate completely
    }
    REQUIRE(row_of(c, "search", compare_metric::rps).result == verdict::same);
    // With 3 runs per side the ranks cannot reach 95 % (p >= 0.1): p50 is called, a tail is not.
    const std::vector<run_sample> a3(a.begin(), a.begin() + 3), b3(b.begin(), b.begin() + 3);
    const auto three = compare_runs(a3, b3, fast_options());
    REQUIRE(row_of(three, "search", compare_metric::p50).result == expected);
    const auto& p95 = row_of(three, "search", compare_metric::p95);
    REQUIRE(p95.result == verdict::inconclusive);
    CHECK(p95.runs_needed == 4);
    CHECK(p95.p_value == Approx(0.1));
  }
}

TEST_CASE("sub-millisecond jitter below the absolute floor is not flagged", "[compare][shift]") {
  random_source rng(3);
  const auto a = runs_of(rng, "a", 3, {.requests = 20000, .median_ms = 0.1, .sigma = 0.2});
  const auto b = runs_of(rng, "b", 3, {.requests = 20000, .median_ms = 0.1, .sigma = 0.2, .scale = 1.3});
  const auto c = compare_runs(a, b, fast_options());
  CHECK(row_of(c, "search", compare_metric::p50).result == verdict::same);  // +30 % of 0.1 ms = 0.03 ms < 0.05
  auto o = fast_options();
  o.min_abs_ms = 0.01;
  CHECK(row_of(compare_runs(a, b, o), "search", compare_metric::p50).result == verdict::worse);
}

TEST_CASE("throughput: a 20 % drop is worse, a 20 % rise better, equal rates same", "[compare][rps]") {
  random_source rng(11);
  const auto base = runs_of(rng, "a", 3, {.requests = 4000});
  const double rps_scale = GENERATE(0.8, 1.2, 1.0);
  const auto cand = runs_of(rng, "b", 3, {.requests = 4000, .rps_scale = rps_scale});
  const auto c = compare_runs(base, cand, fast_options());
  const auto& r = row_of(c, "all", compare_metric::rps);
  CHECK(r.method == "runs+blocks");
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
    CHECK(c.regressed());
  }
  SECTION("12 failures instead of 10 is noise") {
    const auto cand = synthetic_run(rng, "b", {.requests = 10000, .failures = 12});
    CHECK(row_of(compare_runs({base}, {cand}, fast_options()), "all", compare_metric::error_rate).result == verdict::same);
  }
  SECTION("a significant but tiny rise stays within the tolerance") {
    const auto big_base = synthetic_run(rng, "a", {.requests = 1000000, .failures = 0});
    const auto big_cand = synthetic_run(rng, "b", {.requests = 1000000, .failures = 500});  // 0.05 % < 0.1 %
    const auto& r = row_of(compare_runs({big_base}, {big_cand}, fast_options()), "all", compare_metric::error_rate);
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

TEST_CASE("same inputs and seed give the same comparison", "[compare]") {
  random_source rng(19);
  const auto a = runs_of(rng, "a", 2, {});
  const auto b = runs_of(rng, "b", 2, {});
  const auto c1 = compare_runs(a, b, fast_options());
  const auto c2 = compare_runs(a, b, fast_options());
  REQUIRE(c1.rows.size() == c2.rows.size());
  for (std::size_t i = 0; i < c1.rows.size(); ++i) {
    CHECK(c1.rows[i].low == c2.rows[i].low);
    CHECK(c1.rows[i].high == c2.rows[i].high);
  }
  auto only_search = fast_options();
  only_search.endpoints = {"search"};
  const auto filtered = compare_runs(a, b, only_search);  // seeded per endpoint: filtering changes nothing
  CHECK(row_of(filtered, "search", compare_metric::p95).low == row_of(c1, "search", compare_metric::p95).low);
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

TEST_CASE("an endpoint only some runs have is judged on the runs that have it", "[compare][runs]") {
  random_source rng(29);
  auto a = runs_of(rng, "a", 3, {});
  const auto b = runs_of(rng, "b", 3, {});
  a[1].endpoints.pop_back();  // run 2 of the baseline never called "search"
  const auto c = compare_runs(a, b, fast_options());
  const auto& r = row_of(c, "search", compare_metric::p50);
  CHECK(r.baseline_runs == 2);
  CHECK(r.candidate_runs == 3);
  CHECK(r.low > -0.5);
  CHECK(r.high < 0.5);
  CHECK(r.result == verdict::same);
}
