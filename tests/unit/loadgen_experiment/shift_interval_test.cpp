// The trial statistics: exact Mann-Whitney numbers, A/A coverage and the power to see a 20 % shift.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "loadgen/experiment/ab_analysis.hpp"
#include "loadgen/experiment/ab_report.hpp"
#include "loadgen/compare/shift_interval.hpp"

using namespace ragbench::loadgen;

namespace {

// n lognormal values around `median` with ~sd_fraction relative spread: run-to-run noise of a latency.
std::vector<double> trials(std::mt19937_64& rng, std::size_t n, double median, double sd_fraction) {
  std::normal_distribution<double> z(0, sd_fraction);
  std::vector<double> v;
  for (std::size_t i = 0; i < n; ++i) v.push_back(median * std::exp(z(rng)));
  return v;
}

ab_metric latency_metric() {
  ab_metric m;
  m.name = "all p95";
  m.unit = "ms";
  m.direction = better_when::lower;
  m.is_kpi = true;
  return m;
}

}  // namespace

TEST_CASE("Mann-Whitney null distribution is exact", "[experiment][stats]") {
  // m = n = 5: 252 arrangements; U = 0, 1, 2 occur 1, 1, 2 times.
  CHECK(mann_whitney_cdf(5, 5, 0) == Approx(1.0 / 252));
  CHECK(mann_whitney_cdf(5, 5, 2) == Approx(4.0 / 252));
  CHECK(mann_whitney_cdf(5, 5, 25) == Approx(1.0));
  CHECK(mann_whitney_cdf(2, 2, 0) == Approx(1.0 / 6));
  CHECK(mann_whitney_cdf(3, 4, 5) == Approx(1 - mann_whitney_cdf(3, 4, 6)));  // symmetric around m*n/2
}

TEST_CASE("shift estimate on separated samples", "[experiment][stats]") {
  const std::vector<double> a{1, 2, 3, 4, 5}, b{11, 12, 13, 14, 15};
  auto s = estimate_shift(a, b, 0.95);
  CHECK(s.estimate == Approx(10));
  CHECK(s.attainable);
  CHECK(s.achieved_confidence == Approx(1 - 2 * 4.0 / 252));
  // d(3) and d(23) of the 25 sorted differences 6, 7, 7, 8, 8, 8, ..., 13, 13, 14
  CHECK(s.low == Approx(7));
  CHECK(s.high == Approx(13));
  CHECK(s.p_value == Approx(2.0 / 252));
  CHECK(estimate_shift(b, a, 0.95).estimate == Approx(-10));
}

TEST_CASE("too few trials cannot reach 95 percent", "[experiment][stats]") {
  auto s = estimate_shift({1, 2}, {10, 11}, 0.95);
  CHECK_FALSE(s.attainable);
  CHECK(s.achieved_confidence == Approx(2.0 / 3));
  CHECK(s.low == Approx(8));
  CHECK(s.high == Approx(10));
  auto r = compare_metric(latency_metric(), {1, 2}, {10, 11}, ab_settings{});
  CHECK(r.verdict == "same");
  CHECK_THAT(r.note, Catch::Contains("too few trials"));
}

TEST_CASE("bad samples are rejected", "[experiment][stats]") {
  CHECK_THROWS_AS(estimate_shift({}, {1}, 0.95), std::invalid_argument);
  CHECK_THROWS_AS(estimate_shift({1}, {NAN}, 0.95), std::invalid_argument);
  CHECK_THROWS_AS(estimate_shift({1}, {2}, 1.5), std::invalid_argument);
}

TEST_CASE("A/A: the interval covers 0 in at least 95 percent of seeded experiments", "[experiment][stats]") {
  // trials per side; their exact achievable confidence is 97.1 %, 96.8 % and 96.2 % (at n = 8 it
  // is 95.0 %, where a 2000-experiment estimate would straddle the bound by chance)
  const std::size_t n = GENERATE(4, 5, 7);
  std::mt19937_64 rng(20240501 + n);
  const int experiments = 2000;
  int covered = 0, same = 0;
  for (int e = 0; e < experiments; ++e) {
    auto a = trials(rng, n, 40.0, 0.08), b = trials(rng, n, 40.0, 0.08);
    auto s = estimate_shift(a, b, 0.95);
    REQUIRE(s.attainable);
    if (s.low <= 0 && 0 <= s.high) ++covered;
    if (compare_metric(latency_metric(), a, b, ab_settings{}).verdict == "same") ++same;
  }
  INFO("n = " << n << ", covered " << covered << " of " << experiments);
  CHECK(covered >= 0.95 * experiments);
  CHECK(same >= 0.95 * experiments);
}

TEST_CASE("a 20 percent latency increase is flagged worse, a decrease better", "[experiment][stats]") {
  // 5 trials per side with 3 % run-to-run noise: the shift is ~6 noise widths
  std::mt19937_64 rng(7);
  int worse = 0, better = 0;
  const int experiments = 500;
  for (int e = 0; e < experiments; ++e) {
    auto a = trials(rng, 5, 40.0, 0.03);
    if (compare_metric(latency_metric(), a, trials(rng, 5, 48.0, 0.03), ab_settings{}).verdict == "worse") ++worse;
    if (compare_metric(latency_metric(), a, trials(rng, 5, 32.0, 0.03), ab_settings{}).verdict == "better") ++better;
  }
  CHECK(worse >= 0.99 * experiments);
  CHECK(better >= 0.99 * experiments);
}

TEST_CASE("higher-is-better metrics and the minimum change", "[experiment][stats]") {
  ab_metric rps;
  rps.name = "all rps";
  rps.direction = better_when::higher;
  auto r = compare_metric(rps, {100, 101, 102, 103, 104}, {120, 121, 122, 123, 124}, ab_settings{});
  CHECK(r.verdict == "better");
  CHECK(r.relative == Approx(0.196).margin(0.01));
  // a consistent but tiny change (0.2 %) is "same" under the default 1 % minimum
  auto tiny = compare_metric(rps, {1000, 1000.1, 1000.2, 1000.3, 1000.4}, {1002, 1002.1, 1002.2, 1002.3, 1002.4},
                             ab_settings{});
  CHECK(tiny.verdict == "same");
  CHECK_THAT(tiny.note, Catch::Contains("minimum change"));
  // not measured on one side
  auto missing = compare_metric(rps, {NAN, NAN}, {1, 2}, ab_settings{});
  CHECK(missing.verdict == "same");
  CHECK_THAT(missing.note, Catch::Contains("not measured (no samples on side A)"));
  CHECK(std::isnan(missing.median_a));
  CHECK(missing.median_b == Approx(1.5));
}

TEST_CASE("the relative change comes from the shift of the logs, so its interval stays above -100 %",
          "[experiment][stats]") {
  // Wildly spread trials: the raw shift over A's median would reach below -100 %.
  const std::vector<double> a{1, 2, 50, 60, 80}, b{0.5, 1, 2, 3, 70};
  const auto r = compare_metric(latency_metric(), a, b, ab_settings{});
  REQUIRE(r.relative_defined);
  CHECK(r.shift.low / r.median_a < -1);  // what the table used to print
  CHECK(r.relative_low > -1);
  CHECK(r.relative_low <= r.relative);
  CHECK(r.relative <= r.relative_high);
  // A value of 0 has no logarithm: no relative figure then, the absolute shift stays.
  const auto zero = compare_metric(latency_metric(), {0, 1, 2, 3, 4}, {1, 2, 3, 4, 5}, ab_settings{});
  CHECK_FALSE(zero.relative_defined);
}

TEST_CASE("the ab table says which statistic each column is", "[experiment][report]") {
  ab_report report;
  report.scenario = "knowledge-assistant";
  report.a_label = "a";
  report.b_label = "b";
  // The case: trial p95s whose medians differ far more than the Hodges-Lehmann shift.
  const std::vector<double> a{0.25, 0.28, 0.292, 0.9, 1.0}, b{0.3, 0.31, 0.808, 0.85, 0.9};
  report.metrics.push_back(compare_metric(latency_metric(), a, b, ab_settings{}));
  const std::string console = render_ab_console(report), md = render_ab_markdown(report);
  for (const auto* text : {&console, &md}) {
    CHECK_THAT(*text, Catch::Contains("median over its trials of the trial's value"));
    CHECK_THAT(*text, Catch::Contains("Hodges-Lehmann shift"));
    CHECK_THAT(*text, Catch::Contains("it need not equal the difference of the two medians"));
  }
  CHECK_THAT(console, Catch::Contains("A: median") && Catch::Contains("B: median") && Catch::Contains("B - A shift"));
  CHECK_THAT(md, Catch::Contains("| A: median of trials | B: median of trials | B - A (shift) |"));
  CHECK_THAT(console, Catch::Contains("0.292 ms") && Catch::Contains("0.808 ms"));
}
