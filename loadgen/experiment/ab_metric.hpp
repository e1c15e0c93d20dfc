#pragma once
// The numbers an A/B experiment compares, one per trial and side: every KPI metric of the scenario
// (e.g. "search p95", "all error_rate") plus p50, p95, p99, rps and error_rate of "all".
// Values come from the KPI evaluator, so they mean exactly what the KPI language means
// (ms for latency, % for error_rate, 1/s for rps, counts).
#include <string>
#include <vector>

#include "loadgen/report/kpi.hpp"
#include "loadgen/report/run_result.hpp"

namespace ragbench::loadgen {

enum class better_when { lower, higher };

struct ab_metric {
  std::string name;        // "search p95", "all rps": endpoint and metric, unique in a list
  std::string unit;        // "ms", "%", "/s" or ""
  kpi probe;               // evaluated for the value; its threshold is irrelevant
  better_when direction = better_when::lower;
  bool is_kpi = false;     // in the scenario's KPI block: B worse here fails the experiment
  std::string kpi_text;    // "search: p95 < 100ms" when is_kpi
};

// The scenario's KPI metrics first (in order, duplicates merged), then the standard "all" metrics
// not already present. Cost O(k^2) for k KPIs.
std::vector<ab_metric> ab_metrics_for(const std::vector<kpi>& kpis);

// The metric's value in `run`; NaN when it cannot be measured (unknown endpoint, no samples).
double measure(const ab_metric& m, const run_result& run);

// "p95", "p99.9", "mean", "error_rate", "rps", ...
std::string metric_label(const kpi& k);

}  // namespace ragbench::loadgen
