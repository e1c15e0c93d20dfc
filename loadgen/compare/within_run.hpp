#pragma once
// The noise *inside* one run: for one endpoint of one run, the statistics compare judges (p50, p95, p99,
// mean latency and rps) on the log scale, each with the variance that resampling the run gives it.
//
// Two resamplings, and the larger variance wins:
// - Time blocks. The run's measured seconds are cut into blocks of L = round(cbrt(S)) seconds (S seconds,
//   at least 3 needed); a replicate draws as many blocks with replacement and recomputes the statistic from
//   their per-second histograms (time_series' coarse buckets, interpolated within a bucket). A stall or a
//   burst is one block, so it moves the replicates as a unit and widens the variance as it should;
//   resampling single requests would spread it thin and call it noise-free. The variance is taken from the
//   replicates' interquartile range, so with few blocks the rare resample made only of the worst second
//   does not decide it alone (the request-level figure below stays the floor).
// - Requests. The k-th smallest of n values resampled from the run's histogram is F^-1(U(k)), U(k) ~
//   Beta(k, n-k+1): one Beta draw per replicate, exact and independent of n. The mean's variance is
//   var/n (CLT). This is the floor when a run is too short for blocks (or for service time, which has no
//   per-second histograms), and it guards against a block bootstrap with few blocks understating the noise.
// rps: blocks of per-second request counts, at least the binomial variance of the endpoint's share of the
// run's requests ((1 - p) / n on the log scale; 0 for the whole run, whose count an open model fixes).
// Stream metrics (an endpoint with text/event-stream responses): the run keeps no per-second stream
// histograms, so TTFT and TPOT percentiles get the request-level variance (one value per stream), and the
// ITL percentile too but with n = the number of streams, not of gaps (the gaps of one stream share its
// server's state: counting each as independent would call the figure far more precise than it is).
// output_tokens_per_s takes the rps variance (the token count follows the stream count).
//
// Noise *between* runs is not visible here; run_noise.hpp adds it. Cost: O(iterations x (blocks x buckets))
// per call. Deterministic for a given random_source state.
#include <array>
#include <cstddef>
#include <cstdint>

#include "loadgen/compare/compare_metric.hpp"
#include "loadgen/compare/random_source.hpp"
#include "loadgen/compare/run_sample.hpp"

namespace ragbench::loadgen {

// One statistic of one run: log of its value (latency in ns, rps in 1/s) and the within-run variance of it.
struct run_point {
  bool present = false;  // the run has this statistic (stream metrics: the endpoint streamed, with samples)
  double log_value = 0;
  double within_variance = 0;
};

struct within_run_estimate {
  bool has_data = false;  // the endpoint had requests in this run
  // Indexed by compare_metric: p50, p95, p99, mean and rps always (when has_data), the stream metrics
  // (all but goodput) when the endpoint streamed. error_rate and goodput are never set here.
  std::array<run_point, compare_metric_count> points;
  std::size_t block_seconds = 0;     // block length used; 0 = no block resampling (request-level only)

  const run_point& operator[](compare_metric m) const { return points[static_cast<std::size_t>(m)]; }
};

// e.latency must be set (a histogram); per_second / second_latency may be empty. run_requests: all
// requests of the run (the "all" endpoint's count). iterations >= 100.
within_run_estimate estimate_within_run(const endpoint_sample& e, std::uint64_t run_requests, int iterations,
                                        random_source& rng);

// The smallest number of whole seconds a run needs for block resampling.
inline constexpr std::size_t min_block_seconds = 3;

}  // namespace ragbench::loadgen
