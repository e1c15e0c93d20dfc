// --tolerance specs and range checks of compare_options.
#include "loadgen/compare/compare_options.hpp"

#include <charconv>
#include <cmath>
#include <sstream>

namespace ragbench::loadgen {
namespace {

// "10%" -> 0.1, "0.1" -> 0.1; nullopt-like NaN on garbage or a negative value.
double parse_fraction(std::string_view text) {
  bool percent = false;
  if (!text.empty() && text.back() == '%') {
    percent = true;
    text.remove_suffix(1);
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value) || value < 0) {
    return std::nan("");
  }
  return percent ? value / 100 : value;
}

}  // namespace

double parse_fraction_option(std::string_view option, std::string_view text) {
  const double value = parse_fraction(text);
  const std::string quoted = std::string(option) + " '" + std::string(text) + "'";
  if (std::isnan(value)) {
    throw compare_input_error(quoted + ": value must be a non-negative number or percentage, e.g. 10% or 0.1");
  }
  if (text.back() != '%' && value > 1) {
    std::ostringstream fraction;
    fraction << value / 100;
    throw compare_input_error(quoted + ": a bare number is a fraction (" + std::string(text) + " would be " +
                              std::to_string(std::llround(value * 100)) + "%); write " + std::string(text) +
                              "% or the fraction " + fraction.str());
  }
  return value;
}

void apply_tolerance(compare_options& o, std::string_view spec) {
  const auto eq = spec.find('=');
  const std::string quoted = "--tolerance '" + std::string(spec) + "'";
  if (eq == std::string_view::npos) {
    throw compare_input_error(quoted + ": expected METRIC=VALUE, e.g. p99=10% or rps=0.05");
  }
  const auto name = spec.substr(0, eq);
  const double value = parse_fraction_option("--tolerance " + std::string(name), spec.substr(eq + 1));
  if (name == "latency") {
    for (auto m : all_compare_metrics) {
      if (is_latency(m)) o.tolerance[static_cast<std::size_t>(m)] = value;
    }
    return;
  }
  if (name == "stream") {
    for (auto m : stream_compare_metrics) {
      if (is_stream_time(m)) o.tolerance[static_cast<std::size_t>(m)] = value;
    }
    return;
  }
  const auto metric = parse_compare_metric(name);
  if (!metric) {
    throw compare_input_error(quoted + ": unknown metric '" + std::string(name) +
                              "'; expected p50, p95, p99, mean, latency, rps, errors, ttft_p50, ttft_p95, "
                              "ttft_p99, itl_p99, tpot_p50, tpot_p99, stream, output_tokens_per_s or goodput");
  }
  o.tolerance[static_cast<std::size_t>(*metric)] = value;
}

void validate(const compare_options& o) {
  if (!(o.confidence > 0.5 && o.confidence < 1)) {
    throw compare_input_error("--confidence must be in (0.5, 1), e.g. 0.95");
  }
  if (o.iterations < 100 || o.iterations > 1000000) {
    throw compare_input_error("--iterations must be between 100 and 1000000");
  }
  if (!(o.min_abs_ms >= 0) || !std::isfinite(o.min_abs_ms)) {
    throw compare_input_error("--min-abs-ms must be a non-negative number of milliseconds");
  }
  if (!(o.gross_change > 0) || !std::isfinite(o.gross_change)) {
    throw compare_input_error("--gross-change must be a positive percentage, e.g. 100%");
  }
  for (std::size_t i = 0; i < compare_metric_count; ++i) {
    const double t = o.tolerance[i];
    if (!(t >= 0) || !std::isfinite(t)) {
      throw compare_input_error("tolerance of " + std::string(to_string(static_cast<compare_metric>(i))) +
                                " must be non-negative");
    }
  }
}

}  // namespace ragbench::loadgen
