// Two-proportion z-test (pooled) and the Agresti-Caffo interval for a difference of failure ratios.
#include "loadgen/compare/proportion_test.hpp"

#include <cmath>

namespace ragbench::loadgen {

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

double normal_quantile(double p) {
  if (!(p > 0 && p < 1)) return std::nan("");
  double lo = -40, hi = 40;
  for (int i = 0; i < 200 && hi - lo > 1e-12; ++i) {
    const double mid = (lo + hi) / 2;
    (normal_cdf(mid) < p ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

proportion_test_result two_proportion_test(std::uint64_t baseline_failures, std::uint64_t baseline_requests,
                                           std::uint64_t candidate_failures, std::uint64_t candidate_requests,
                                           double confidence) {
  proportion_test_result r;
  const double n1 = static_cast<double>(baseline_requests);
  const double n2 = static_cast<double>(candidate_requests);
  const double x1 = static_cast<double>(baseline_failures);
  const double x2 = static_cast<double>(candidate_failures);
  r.baseline = n1 > 0 ? x1 / n1 : 0;
  r.candidate = n2 > 0 ? x2 / n2 : 0;
  r.difference = r.candidate - r.baseline;

  const double z = normal_quantile(0.5 + confidence / 2);
  const double a1 = (x1 + 1) / (n1 + 2);
  const double a2 = (x2 + 1) / (n2 + 2);
  const double se_ac = std::sqrt(a1 * (1 - a1) / (n1 + 2) + a2 * (1 - a2) / (n2 + 2));
  r.low = (a2 - a1) - z * se_ac;
  r.high = (a2 - a1) + z * se_ac;

  if (n1 > 0 && n2 > 0) {
    const double pooled = (x1 + x2) / (n1 + n2);
    const double se = std::sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
    if (se > 0) r.p_value = std::erfc(std::fabs(r.difference) / se / std::sqrt(2.0));
  }
  return r;
}

}  // namespace ragbench::loadgen
