// Per-metric A/B verdicts and the seeded, interleaved trial order.
#include "loadgen/experiment/ab_analysis.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>

namespace ragbench::loadgen {
namespace {

std::vector<double> finite_only(const std::vector<double>& v) {
  std::vector<double> out;
  for (double x : v)
    if (std::isfinite(x)) out.push_back(x);
  return out;
}

}  // namespace

ab_metric_result compare_metric(const ab_metric& m, std::vector<double> a, std::vector<double> b,
                                const ab_settings& s) {
  ab_metric_result r;
  r.metric = m;
  r.a = std::move(a);
  r.b = std::move(b);
  auto fa = finite_only(r.a), fb = finite_only(r.b);
  if (fa.empty() || fb.empty()) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    r.median_a = fa.empty() ? nan : median_of(fa);
    r.median_b = fb.empty() ? nan : median_of(fb);
    r.shift.estimate = r.shift.low = r.shift.high = nan;
    r.note = std::string("not measured (no samples on ") + (fa.empty() && fb.empty() ? "either side" : fa.empty() ? "side A" : "side B") + ")";
    return r;
  }
  r.median_a = median_of(fa);
  r.median_b = median_of(fb);
  r.shift = estimate_shift(fa, fb, s.confidence);
  auto positive = [](const std::vector<double>& v) {
    return std::all_of(v.begin(), v.end(), [](double x) { return x > 0; });
  };
  r.relative_defined = positive(fa) && positive(fb);
  if (r.relative_defined) {  // the shift of the logs: a ratio, whose interval cannot reach -100 %
    auto logs = [](std::vector<double> v) {
      for (double& x : v) x = std::log(x);
      return v;
    };
    const shift_interval ratio = estimate_shift(logs(fa), logs(fb), s.confidence);
    r.relative = std::expm1(ratio.estimate);
    r.relative_low = std::expm1(ratio.low);
    r.relative_high = std::expm1(ratio.high);
  }
  if (!r.shift.attainable) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "too few trials for %g%% confidence (at most %.1f%%)", s.confidence * 100,
                  r.shift.achieved_confidence * 100);
    r.note = buf;
    return r;
  }
  const bool up = r.shift.low > 0, down = r.shift.high < 0;
  if (!up && !down) return r;
  if (r.relative_defined && std::fabs(r.relative) < s.min_change) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "significant but below the minimum change of %g%%", s.min_change * 100);
    r.note = buf;
    return r;
  }
  const bool b_higher = up;
  const bool good = (m.direction == better_when::higher) == b_higher;
  r.verdict = good ? "better" : "worse";
  return r;
}

std::string trial_order(std::size_t pairs, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::string order;
  order.reserve(pairs * 2);
  for (std::size_t i = 0; i < pairs; ++i) order += (rng() & 1) ? "BA" : "AB";
  return order;
}

std::string overall_verdict(const std::vector<ab_metric_result>& results) {
  for (const auto& r : results)
    if (r.metric.is_kpi && r.verdict == "worse") return "worse";
  return "not-worse";
}

}  // namespace ragbench::loadgen
