#pragma once
// One endpoint's rows of a comparison: what each side's runs hold for it, and the latency, rps and
// error-rate rows judged from that (run_noise.hpp, within_run.hpp, proportion_test.hpp).
#include <cstdint>
#include <string>
#include <vector>

#include "loadgen/compare/comparison.hpp"
#include "loadgen/compare/within_run.hpp"

namespace ragbench::loadgen {

// One endpoint on one side: per run, its sample (nullptr when the run does not list the endpoint) and
// the within-run estimate of its statistics.
struct side_endpoint {
  std::string label;                         // "baseline", "candidate", "--noise-from PATH"
  std::vector<const endpoint_sample*> runs;
  std::vector<within_run_estimate> within;   // has_data false: no requests, or no histogram
  std::vector<double> durations_s;
  bool histograms = true;                    // every run has histograms
  std::uint64_t requests = 0, failures = 0;
  std::uint64_t slo_requests = 0, good = 0;  // goodput counts over all runs (0, 0: no slo: block)
  std::size_t runs_streamed = 0;             // runs in which the endpoint had text/event-stream responses
  std::size_t runs_listing = 0;              // runs whose endpoint list has it
  std::size_t runs_with_traffic = 0;         // runs with at least one request to it
  double duration_s = 0;                     // all runs together
  // Every run listing it had steady_traffic (runs without per-second data: at least one request per
  // second). Sporadic endpoints (e.g. per-user set-up requests that come in bursts when new users start)
  // are not steady.
  bool steady = true;
};

// At least 10 requests, in at least half of the seconds, and per-second counts no more variable than 4x
// Poisson (variance <= 4 x mean): traffic whose stopping would mean something, not bursts.
bool steady_traffic(const std::vector<double>& per_second);

// Gathers endpoint `name` from `runs`; the within-run resampling is seeded from (seed, name, salt, run).
side_endpoint gather_side(const std::vector<run_sample>& runs, const std::string& name, std::string label,
                          const compare_options& o, std::uint64_t salt);

// A latency (p50/p95/p99/mean), rps or stream (ttft_*, itl_p99, tpot_*, output_tokens_per_s) row; `row`
// carries endpoint and metric. `noise` may be null. loads_differ: rps and output_tokens_per_s are reported
// but not judged.
metric_comparison statistic_row(metric_comparison row, const side_endpoint& b, const side_endpoint& c,
                                const side_endpoint* noise, const compare_options& o, bool loads_differ);
// The error-rate or goodput row (row.metric): two-proportion test over all runs of each side. A rise in
// the error rate is worse, a fall in goodput is.
metric_comparison proportion_row(metric_comparison row, const side_endpoint& b, const side_endpoint& c,
                                 const compare_options& o);

// Runs per side at which a change of `log_change` (80 % of the time) lies beyond the tolerance by the
// interval: with run_sd (sd of one run's log value) when it was measured, else assuming a single run pair
// could differ by the whole change by chance (sd = |change| / sqrt 2). At least 3; 0 when |change| is
// within the tolerance.
int runs_needed(double log_change, double tolerance, double confidence, double run_sd = -1);
// The fewest runs per side with which the runs can separate by rank at `confidence` (exact two-sided
// Mann-Whitney: 2 / C(2n, n) < 1 - confidence): 4 at 95 %.
int runs_for_rank(double confidence);

}  // namespace ragbench::loadgen
