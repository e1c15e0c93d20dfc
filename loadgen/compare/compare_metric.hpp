#pragma once
// The metrics `loadgen compare` judges per endpoint, their stable names, units and direction.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace ragbench::loadgen {

enum class compare_metric { p50, p95, p99, mean, rps, error_rate };

inline constexpr std::size_t compare_metric_count = 6;
inline constexpr std::array<compare_metric, compare_metric_count> all_compare_metrics = {
    compare_metric::p50, compare_metric::p95, compare_metric::p99,
    compare_metric::mean, compare_metric::rps, compare_metric::error_rate};

// Stable identifiers used in compare.json, junit.xml and --tolerance: "p50", "p95", "p99", "mean",
// "rps", "error_rate".
std::string_view to_string(compare_metric m);
// Inverse of to_string; also accepts "errors" for error_rate. nullopt for an unknown name.
std::optional<compare_metric> parse_compare_metric(std::string_view name);
// Unit of the metric's values: "ms" (latency), "req/s" (rps), "ratio" (error_rate, 0..1).
std::string_view unit_of(compare_metric m);
// true for latencies and error rate (a rise is a regression), false for rps (a fall is).
bool lower_is_better(compare_metric m);
// true for p50/p95/p99/mean.
bool is_latency(compare_metric m);
// The percentile (0..100) of p50/p95/p99; 0 for the others.
double percentile_of(compare_metric m);

}  // namespace ragbench::loadgen
