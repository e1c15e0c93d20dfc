// Names, units and directions of the compared metrics.
#include "loadgen/compare/compare_metric.hpp"

#include <algorithm>

namespace ragbench::loadgen {

std::string_view to_string(compare_metric m) {
  switch (m) {
    case compare_metric::p50: return "p50";
    case compare_metric::p95: return "p95";
    case compare_metric::p99: return "p99";
    case compare_metric::mean: return "mean";
    case compare_metric::rps: return "rps";
    case compare_metric::error_rate: return "error_rate";
    case compare_metric::ttft_p50: return "ttft_p50";
    case compare_metric::ttft_p95: return "ttft_p95";
    case compare_metric::ttft_p99: return "ttft_p99";
    case compare_metric::itl_p99: return "itl_p99";
    case compare_metric::tpot_p50: return "tpot_p50";
    case compare_metric::tpot_p99: return "tpot_p99";
    case compare_metric::output_tokens_per_s: return "output_tokens_per_s";
    case compare_metric::goodput: return "goodput";
  }
  return "?";
}

std::optional<compare_metric> parse_compare_metric(std::string_view name) {
  for (std::size_t i = 0; i < compare_metric_count; ++i) {
    const auto m = static_cast<compare_metric>(i);
    if (to_string(m) == name) return m;
  }
  if (name == "errors") return compare_metric::error_rate;
  return std::nullopt;
}

std::string_view unit_of(compare_metric m) {
  if (in_ms(m)) return "ms";
  if (m == compare_metric::rps) return "req/s";
  if (m == compare_metric::output_tokens_per_s) return "tokens/s";
  return "ratio";
}

bool lower_is_better(compare_metric m) { return !is_rate(m) && m != compare_metric::goodput; }

bool is_latency(compare_metric m) {
  return m == compare_metric::p50 || m == compare_metric::p95 || m == compare_metric::p99 ||
         m == compare_metric::mean;
}

bool is_stream_time(compare_metric m) {
  return m == compare_metric::ttft_p50 || m == compare_metric::ttft_p95 || m == compare_metric::ttft_p99 ||
         m == compare_metric::itl_p99 || m == compare_metric::tpot_p50 || m == compare_metric::tpot_p99;
}

bool is_stream_metric(compare_metric m) {
  return std::find(stream_compare_metrics.begin(), stream_compare_metrics.end(), m) != stream_compare_metrics.end();
}

bool in_ms(compare_metric m) { return is_latency(m) || is_stream_time(m); }

bool is_rate(compare_metric m) { return m == compare_metric::rps || m == compare_metric::output_tokens_per_s; }

bool is_ratio(compare_metric m) { return m == compare_metric::error_rate || m == compare_metric::goodput; }

double percentile_of(compare_metric m) {
  switch (m) {
    case compare_metric::p50:
    case compare_metric::ttft_p50:
    case compare_metric::tpot_p50: return 50;
    case compare_metric::p95:
    case compare_metric::ttft_p95: return 95;
    case compare_metric::p99:
    case compare_metric::ttft_p99:
    case compare_metric::itl_p99:
    case compare_metric::tpot_p99: return 99;
    default: return 0;
  }
}

}  // namespace ragbench::loadgen
