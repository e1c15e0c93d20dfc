#pragma once
// Error-rate comparison: a two-proportion z-test and an interval for the difference of two failure ratios.
#include <cstdint>

namespace ragbench::loadgen {

struct proportion_test_result {
  double baseline = 0, candidate = 0;  // failure ratios (0..1); 0 when there were no requests
  double difference = 0;               // candidate - baseline
  double low = 0, high = 0;            // confidence interval of the difference (Agresti-Caffo)
  double p_value = 1;                  // two-sided, pooled z-test of "same ratio"; 1 when undefined
};

// failures_x <= requests_x. Agresti-Caffo interval: Wald interval after adding one failure and one
// success to each side, which stays sensible with 0 failures (plain Wald collapses to [0, 0]).
proportion_test_result two_proportion_test(std::uint64_t baseline_failures, std::uint64_t baseline_requests,
                                           std::uint64_t candidate_failures, std::uint64_t candidate_requests,
                                           double confidence);

// Standard normal CDF and its inverse (p in (0, 1); bisection on erfc to 1e-12).
double normal_cdf(double z);
double normal_quantile(double p);

}  // namespace ragbench::loadgen
