// Value, change and interval text for the compare renderings.
#include "loadgen/compare/compare_format.hpp"

#include "loadgen/report/number_format.hpp"

namespace ragbench::loadgen {
namespace {

std::string signed_fixed(double v, int decimals) {
  const std::string s = fixed(v, decimals);
  return s[0] == '-' ? s : "+" + s;
}

std::string change_text(compare_metric m, double v) {
  if (is_ratio(m)) return signed_fixed(v * 100, 3) + " pp";
  if (v >= 1e8) return "+inf";
  return signed_fixed(v * 100, 1) + "%";
}

}  // namespace

std::string format_value(compare_metric m, double value) {
  if (in_ms(m)) return fixed(value, 3) + " ms";
  if (m == compare_metric::rps) return fixed(value, 1) + " req/s";
  if (m == compare_metric::output_tokens_per_s) return fixed(value, 1) + " tokens/s";
  return fixed(value * 100, 3) + "%";
}

std::string format_change(const metric_comparison& r) {
  if (r.method == "missing") return "-";
  return change_text(r.metric, r.change);
}

std::string format_interval(const metric_comparison& r) {
  if (r.method == "missing" || r.method == "tolerance-only") return "-";
  return "[" + change_text(r.metric, r.low) + ", " + change_text(r.metric, r.high) + "]";
}

std::string format_tolerance(compare_metric m, double tolerance) {
  if (is_ratio(m)) return fixed(tolerance * 100, 3) + " pp";
  std::string s = fixed(tolerance * 100, 2);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s + "%";
}

bool has_stream_rows(const comparison& c) {
  for (const auto& r : c.rows) {
    if (!is_latency(r.metric) && r.metric != compare_metric::rps && r.metric != compare_metric::error_rate) return true;
  }
  return false;
}

std::string describe_method(const comparison& c) {
  const auto& o = c.options;
  std::string s = c.histograms ? "bootstrap over runs and histogram buckets (" + std::to_string(o.iterations) +
                                     " iterations, seed " + std::to_string(o.seed) + ")"
                               : "tolerance only for latency (summary.json input, no histograms)";
  s += ", " + fixed(o.confidence * 100, 0) + "% confidence; " + (o.service_time ? "service time (from the send)" : "latency (from the intended start)") +
       "; tolerances:";
  for (auto m : all_compare_metrics) s += " " + std::string(to_string(m)) + " " + format_tolerance(m, o.tolerance_of(m));
  if (has_stream_rows(c)) {
    for (auto m : stream_compare_metrics) s += " " + std::string(to_string(m)) + " " + format_tolerance(m, o.tolerance_of(m));
  }
  s += "; latency floor " + fixed(o.min_abs_ms, 3) + " ms";
  return s;
}

std::string describe_outcome(const comparison& c) {
  return std::string(c.regressed() ? "REGRESSION" : "no regression") + ": " + std::to_string(c.count(verdict::worse)) +
         " worse, " + std::to_string(c.count(verdict::better)) + " better, " + std::to_string(c.count(verdict::same)) +
         " same";
}

}  // namespace ragbench::loadgen
