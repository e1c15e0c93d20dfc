#pragma once
// Baseline vs candidate: per endpoint (and "all", the aggregate) and per metric, the two values, the
// change with its confidence interval, and a verdict. This is the entry point for `loadgen compare` and
// for other commands that need a statistical verdict between two sets of runs (ab).
#include <cstddef>
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
  double baseline = 0;           // value in unit_of(metric): ms, req/s or ratio
  double candidate = 0;
  // Latency and rps: relative change (candidate - baseline) / baseline. error_rate: the absolute
  // difference of the ratios.
  double change = 0;
  double low = 0, high = 0;      // confidence interval of `change` (equal to change for tolerance-only)
  double p_value = -1;           // error_rate only (two-proportion z-test); -1 otherwise
  std::string method;            // "bootstrap", "tolerance-only", "two-proportion" or "missing"
  verdict result = verdict::same;
  std::string note;              // e.g. "only in candidate", "no requests"
};

struct comparison {
  compare_options options;
  std::vector<std::string> baseline_sources, candidate_sources;
  bool histograms = true;              // false: some input had no histograms -> tolerance-only latency/rps
  std::vector<std::string> notes;      // warnings for the reader (generator limits, fallbacks)
  std::vector<metric_comparison> rows; // endpoint order: "all", then baseline's endpoints, then new ones

  bool regressed() const;              // any row is worse
  std::size_t count(verdict v) const;
};

// Compares the runs of each side (>= 1 each). Deterministic for a given options.seed. Throws
// compare_input_error when a side is empty or options are invalid.
comparison compare_runs(const std::vector<run_sample>& baseline, const std::vector<run_sample>& candidate,
                        const compare_options& options);

}  // namespace ragbench::loadgen
