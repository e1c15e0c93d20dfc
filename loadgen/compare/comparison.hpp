#pragma once
// Baseline vs candidate: per endpoint (and "all", the aggregate) and per metric, the two values, the
// change with its confidence interval, and a verdict. This is the entry point for `loadgen compare`.
// Method: docs/loadgen-compare.md (run_noise.hpp and within_run.hpp hold the statistics).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "loadgen/compare/compare_metric.hpp"
#include "loadgen/compare/compare_options.hpp"
#include "loadgen/compare/run_sample.hpp"
#include "loadgen/compare/verdict.hpp"

namespace ragbench::loadgen {

struct metric_comparison {
  std::string endpoint;          // endpoint name or "all"
  compare_metric metric = compare_metric::p50;
  // Value in unit_of(metric): ms, req/s or ratio. With several runs, latency and rps values are the
  // geometric mean of the runs' values (the runs weigh alike); error_rate pools the requests.
  double baseline = 0;
  double candidate = 0;
  // Latency and rps: relative change candidate / baseline - 1. error_rate: the absolute difference.
  double change = 0;
  double low = 0, high = 0;      // confidence interval of `change` (latency/rps: always > -1)
  // error_rate: two-proportion z-test. p95/p99/mean (and any statistic of a sporadic endpoint) when the
  // interval alone would call a change: exact Mann-Whitney p-value of the runs' values. -1 otherwise.
  double p_value = -1;
  // "runs+blocks" (between-run spread + within-run time blocks), "runs+requests" (stream metrics: the
  // same with request-level within-run noise), "runs" (summary.json: between-run spread
  // only), "within-run" (one run per side, no run-to-run estimate), "none" (one summary.json per side),
  // "two-proportion" (error_rate), "missing" / "new" (traffic on one side only), "no-data".
  std::string method;
  verdict result = verdict::same;
  std::string note;              // e.g. "loads differ: throughput not judged"
  double run_sd = -1;            // run-to-run noise: relative sd of one run's value; -1 unknown
  std::string noise_source;      // where run_sd was measured ("5 baseline runs", "--noise-from DIR (4 runs)")
  int runs_needed = 0;           // inconclusive rows: runs per side that would settle the question
  // p50 or rps of a steady endpoint (traffic in most seconds): run-to-run noise close to normal. Otherwise
  // the noise is heavy-tailed (one stall moves a tail 10x): no spread is borrowed for a single run, and a
  // change also needs the runs to separate by rank.
  bool robust = true;
  std::size_t baseline_runs = 0, candidate_runs = 0;  // runs with traffic to this endpoint
  std::uint64_t baseline_requests = 0, candidate_requests = 0;
};

// A KPI expression present on one side only (verdict missing or added).
struct kpi_presence {
  std::string expr;
  verdict status = verdict::missing;
};

struct comparison {
  compare_options options;
  std::vector<std::string> baseline_sources, candidate_sources, noise_sources;
  bool histograms = true;              // false: some input had no histograms (summary.json only)
  std::vector<std::string> warnings;   // shown before the table: unlike workloads, other hardware
  std::vector<std::string> notes;      // shown after it: generator limits, busy machines, fallbacks
  std::vector<metric_comparison> rows; // endpoint order: "all", then baseline's endpoints, then new ones
  std::vector<kpi_presence> kpis;

  // A metric is worse, or an endpoint missing (unless options.allow_missing).
  bool regressed() const;
  // Not regressed, but some change could not be judged for lack of a run-to-run estimate.
  bool inconclusive() const;
  std::size_t count(verdict v) const;
  // Endpoints with verdict v (each once), e.g. the missing ones.
  std::vector<std::string> endpoints_with(verdict v) const;
};

// Compares the runs of each side (>= 1 each). `noise`: earlier runs of the baseline's configuration whose
// spread stands in for the run-to-run noise of a side with a single run (--noise-from). Deterministic for
// a given options.seed. Throws compare_input_error when a side is empty, a side's runs are not repeats of
// one configuration, or options are invalid.
comparison compare_runs(const std::vector<run_sample>& baseline, const std::vector<run_sample>& candidate,
                        const compare_options& options, const std::vector<run_sample>& noise = {});

}  // namespace ragbench::loadgen
