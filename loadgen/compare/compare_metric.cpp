// Names, units and directions of the compared metrics.
#include "loadgen/compare/compare_metric.hpp"

namespace ragbench::loadgen {

std::string_view to_string(compare_metric m) {
  switch (m) {
    case compare_metric::p50: return "p50";
    case compare_metric::p95: return "p95";
    case compare_metric::p99: return "p99";
    case compare_metric::mean: return "mean";
    case compare_metric::rps: return "rps";
    case compare_metric::error_rate: return "error_rate";
  }
  return "?";
}

std::optional<compare_metric> parse_compare_metric(std::string_view name) {
  for (auto m : all_compare_metrics) {
    if (to_string(m) == name) return m;
  }
  if (name == "errors") return compare_metric::error_rate;
  return std::nullopt;
}

std::string_view unit_of(compare_metric m) {
  if (is_latency(m)) return "ms";
  return m == compare_metric::rps ? "req/s" : "ratio";
}

bool lower_is_better(compare_metric m) { return m != compare_metric::rps; }

bool is_latency(compare_metric m) {
  return m == compare_metric::p50 || m == compare_metric::p95 || m == compare_metric::p99 ||
         m == compare_metric::mean;
}

double percentile_of(compare_metric m) {
  switch (m) {
    case compare_metric::p50: return 50;
    case compare_metric::p95: return 95;
    case compare_metric::p99: return 99;
    default: return 0;
  }
}

}  // namespace ragbench::loadgen
