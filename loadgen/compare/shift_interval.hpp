#pragma once
// Distribution-free comparison of two small samples (one number per trial or run and side): the
// Hodges-Lehmann estimate of the shift B - A with its exact Mann-Whitney (Moses) confidence
// interval, and the exact two-sided Mann-Whitney p-value. Used by `ab` (per-trial KPI values) and by
// `compare` (whether the runs of two sides separate by rank, for statistics with heavy-tailed run-to-run
// noise).
//
// Why a rank method and not a bootstrap over trials: with 3-10 trials per side a percentile
// bootstrap is too narrow (its coverage at n = 5 is well under the nominal 95 %), while the
// Mann-Whitney interval has exact coverage for any continuous distribution and a location shift,
// at every sample size, and one disturbed trial (a noisy neighbour, a GC pause) moves it by one
// rank, not by its magnitude. The price: discreteness — with m = n = 5 the achievable confidence
// is 96.8 % and with m = n = 2 at most 66.7 %, which is reported (`achieved_confidence`).
//
// Pure functions; cost O(m*n*log(m*n)) for the interval and O(m*n*(m*n)) for the exact null
// distribution (m, n <= 200).
#include <cstddef>
#include <vector>

namespace ragbench::loadgen {

struct shift_interval {
  double estimate = 0;             // Hodges-Lehmann: median of all pairwise differences b_j - a_i
  double low = 0, high = 0;        // the confidence interval of the shift
  double achieved_confidence = 0;  // exact coverage of [low, high] (>= requested when attainable)
  bool attainable = false;         // false: too few trials to reach the requested confidence;
                                   // [low, high] is then the full range of differences
  double p_value = 1;              // exact two-sided Mann-Whitney p-value (ties: mid-ranks, approximate)
};

// a, b: the samples of side A and B (at least one value each, at most 200, finite values).
// confidence in (0, 1), e.g. 0.95. Throws std::invalid_argument otherwise.
shift_interval estimate_shift(const std::vector<double>& a, const std::vector<double>& b, double confidence);

// P(U <= u) under the null hypothesis for sample sizes m, n (exact, by counting arrangements).
double mann_whitney_cdf(std::size_t m, std::size_t n, std::size_t u);

// Median of a non-empty sample (mean of the two middle values for even sizes).
double median_of(std::vector<double> v);

}  // namespace ragbench::loadgen
