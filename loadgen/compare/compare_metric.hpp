#pragma once
// The metrics `loadgen compare` judges per endpoint, their stable names, units and direction.
// Every endpoint is judged on the first six (all_compare_metrics); an endpoint with text/event-stream
// responses also on the stream metrics (stream_compare_metrics: TTFT, ITL and TPOT percentiles and the
// output token rate), and one whose step has an slo: block on goodput.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace ragbench::loadgen {

enum class compare_metric {
  p50, p95, p99, mean, rps, error_rate,
  ttft_p50, ttft_p95, ttft_p99, itl_p99, tpot_p50, tpot_p99, output_tokens_per_s, goodput
};

inline constexpr std::size_t compare_metric_count = 14;
inline constexpr std::array<compare_metric, 6> all_compare_metrics = {
    compare_metric::p50, compare_metric::p95, compare_metric::p99,
    compare_metric::mean, compare_metric::rps, compare_metric::error_rate};
inline constexpr std::array<compare_metric, 8> stream_compare_metrics = {
    compare_metric::ttft_p50, compare_metric::ttft_p95, compare_metric::ttft_p99,
    compare_metric::itl_p99,  compare_metric::tpot_p50, compare_metric::tpot_p99,
    compare_metric::output_tokens_per_s, compare_metric::goodput};

// Stable identifiers used in compare.json, junit.xml and --tolerance: "p50", "p95", "p99", "mean",
// "rps", "error_rate", "ttft_p50", "ttft_p95", "ttft_p99", "itl_p99", "tpot_p50", "tpot_p99",
// "output_tokens_per_s", "goodput".
std::string_view to_string(compare_metric m);
// Inverse of to_string; also accepts "errors" for error_rate. nullopt for an unknown name.
std::optional<compare_metric> parse_compare_metric(std::string_view name);
// Unit of the metric's values: "ms" (latency, stream times), "req/s" (rps), "tokens/s"
// (output_tokens_per_s), "ratio" (error_rate and goodput, 0..1).
std::string_view unit_of(compare_metric m);
// true when a rise is a regression (latencies, stream times, error rate); false for rps,
// output_tokens_per_s and goodput (a fall is).
bool lower_is_better(compare_metric m);
// true for p50/p95/p99/mean.
bool is_latency(compare_metric m);
// true for the stream times: ttft_*, itl_p99, tpot_*.
bool is_stream_time(compare_metric m);
// A value in milliseconds: a latency or a stream time.
bool in_ms(compare_metric m);
// A throughput judged like rps: rps and output_tokens_per_s.
bool is_rate(compare_metric m);
// One of stream_compare_metrics (rows only an endpoint with streams or an SLO gets).
bool is_stream_metric(compare_metric m);
// A ratio compared as a proportion: error_rate and goodput.
bool is_ratio(compare_metric m);
// The percentile (0..100) of p50/p95/p99 and the stream percentiles; 0 for the others.
double percentile_of(compare_metric m);

}  // namespace ragbench::loadgen
