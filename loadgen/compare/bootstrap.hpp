#pragma once
// The resampling behind compare's confidence intervals.
//
// One side of a comparison (one endpoint, several runs) is a set of blocks, one per run. A bootstrap
// replicate is two-stage: pick the runs with replacement (so run-to-run spread counts when there are
// several runs), then resample the requests of the chosen runs with replacement. The second stage is
// drawn exactly without touching individual requests: the k-th smallest of n values resampled from an
// empirical distribution F is F^-1(U(k)) with U(k) ~ Beta(k, n-k+1) (the k-th order statistic of n
// uniforms), so a quantile replicate costs one Beta draw and one walk over the histogram's buckets,
// whatever n is. The mean's replicate is normal with the resampled data's variance / n (the CLT; n is in
// the hundreds at least in any run worth comparing).
#include <cstdint>
#include <functional>
#include <vector>

#include "common/hdr_histogram.hpp"
#include "loadgen/compare/random_source.hpp"

namespace ragbench::loadgen {

// Latency histograms of one side's runs for one endpoint. Keeps a dense copy of the non-empty buckets
// (union over runs). Cost: O(runs x distinct buckets) memory; draws O(runs x buckets).
class histogram_blocks {
 public:
  // Histograms are copied; empty ones are allowed (they carry no requests).
  explicit histogram_blocks(const std::vector<const hdr_histogram*>& runs);

  std::size_t runs() const { return counts_.size(); }
  std::uint64_t count() const { return total_; }
  // Point estimates over all runs merged, in ns: hdr_histogram::value_at_percentile and the exact mean.
  double quantile(double percentile) const;
  double mean() const;
  // One bootstrap replicate of the percentile (0..100) / of the mean, in ns. NaN when the resampled runs hold
  // no requests (an endpoint that only some runs have).
  double draw_quantile(double percentile, random_source& rng) const;
  double draw_mean(random_source& rng) const;

 private:
  std::vector<std::uint32_t> pick_runs(random_source& rng) const;  // multiplicity per run

  std::vector<std::uint64_t> midpoints_;             // per distinct bucket, increasing
  std::vector<std::vector<std::uint64_t>> counts_;   // [run][bucket]
  std::vector<std::uint64_t> run_count_, run_min_, run_max_;
  std::vector<double> run_mean_, run_m2_;            // exact mean (ns); sum of squared deviations (bucket midpoints)
  hdr_histogram merged_;
  std::uint64_t total_ = 0;
};

// Throughput of one side's runs: each run's rps and its per-second request counts.
class throughput_blocks {
 public:
  struct run { double rps = 0; std::vector<double> per_second; };
  explicit throughput_blocks(std::vector<run> runs);

  // Mean rps over runs.
  double point() const;
  // One replicate: runs picked with replacement; each run's rps scaled by the ratio of a resampled mean of
  // its seconds to their actual mean (runs with fewer than 3 seconds are not resampled within).
  double draw(random_source& rng) const;

 private:
  std::vector<run> runs_;
  std::vector<double> second_mean_;
};

// A confidence interval of the change of one statistic from baseline to candidate.
struct change_interval {
  double baseline = 0, candidate = 0;  // point estimates
  double change = 0;                   // relative: (candidate - baseline) / baseline; 0 when baseline is 0
  double low = 0, high = 0;            // percentile interval of the relative change
  double abs_change = 0;               // candidate - baseline
  double abs_low = 0, abs_high = 0;    // percentile interval of candidate - baseline
};

// Percentile bootstrap: `iterations` replicates of (draw_candidate - draw_baseline), in absolute and
// relative terms (a replicate whose baseline is <= 0 counts as relative change 0 when the candidate's is
// too, else +-1e9), and the (1-confidence)/2 and (1+confidence)/2 quantiles of each. Replicates where a draw
// is NaN are skipped; when more than half are, the interval is (-1e9, 1e9): no verdict possible.
change_interval bootstrap_change(double baseline, double candidate,
                                 const std::function<double(random_source&)>& draw_baseline,
                                 const std::function<double(random_source&)>& draw_candidate,
                                 int iterations, double confidence, random_source& rng);

}  // namespace ragbench::loadgen
