#pragma once
// Settings of a comparison: tolerances per metric, the absolute latency floor, confidence level,
// bootstrap size and seed, and which latency histogram is compared.
#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "loadgen/compare/compare_metric.hpp"

namespace ragbench::loadgen {

// Bad compare input (arguments, tolerance specs, unreadable result files): exit code 2. The message
// names the argument or file and what is wrong.
class compare_input_error : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct compare_options {
  // Per metric, indexed by compare_metric. Latencies, stream times, rps and output_tokens_per_s:
  // relative (0.05 = 5 %). error_rate and goodput: absolute difference of the ratio (0.001 = 0.1
  // percentage point).
  std::array<double, compare_metric_count> tolerance{0.05, 0.05, 0.05, 0.05, 0.05, 0.001, 0.05,
                                                     0.05, 0.05, 0.05, 0.05, 0.05, 0.05,  0.01};
  double min_abs_ms = 0.05;   // a latency change smaller than this (ms) is never better/worse
  double confidence = 0.95;   // two-sided confidence level of the intervals, in (0.5, 1)
  int iterations = 2000;      // bootstrap replicates
  std::uint64_t seed = 1;     // bootstrap seed: same inputs + seed -> same output
  bool service_time = false;  // compare service_time instead of latency (from the intended start)
  std::vector<std::string> endpoints;  // only these endpoint names ("all" = aggregate); empty = every one
  // Without any estimate of run-to-run noise (one run per side, nothing to borrow), a latency or rps change
  // is called only when its whole interval lies beyond this relative rise (1.0 = +100 %, a doubling) or the
  // matching fall (to 1/(1+gross)); anything less beyond the tolerance is `inconclusive`.
  double gross_change = 1.0;
  bool allow_missing = false;  // a missing endpoint does not fail the comparison

  double tolerance_of(compare_metric m) const { return tolerance[static_cast<std::size_t>(m)]; }
};

// Applies one --tolerance spec "METRIC=VALUE": METRIC is a compare_metric name, "errors", "latency"
// (p50, p95, p99 and mean at once) or "stream" (the stream times ttft_*, itl_p99, tpot_* at once); VALUE
// is "10%" or a fraction "0.1" (for error_rate and goodput: "0.5%" = 0.005).
// A bare number above 1 ("p95=10", which would mean 1000 %) is rejected: write "10%".
// Throws compare_input_error naming the spec on a bad one.
void apply_tolerance(compare_options& o, std::string_view spec);
// "10%" -> 0.1, "0.1" -> 0.1; a bare number above 1 or garbage throws compare_input_error naming `option`.
double parse_fraction_option(std::string_view option, std::string_view text);
// Checks ranges (confidence, iterations >= 100, tolerances >= 0, min_abs_ms >= 0, gross_change > 0);
// throws compare_input_error.
void validate(const compare_options& o);

}  // namespace ragbench::loadgen
