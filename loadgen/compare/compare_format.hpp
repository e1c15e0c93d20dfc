#pragma once
// Text for one comparison row, shared by the table, compare.md and junit.xml: values with units,
// signed changes and intervals ("+12.3%", "[+8.1%, +16.4%]"; error rate in percentage points).
#include <string>

#include "loadgen/compare/comparison.hpp"

namespace ragbench::loadgen {

// "12.345 ms", "812.3 req/s", "1520.0 tokens/s", "0.120%" (error_rate, goodput).
std::string format_value(compare_metric m, double value);
// "+12.3%" (relative) or "+0.150 pp" (error rate, goodput); "-" for a missing row.
std::string format_change(const metric_comparison& r);
// "[+8.1%, +16.4%]"; "-" when there is no interval (tolerance-only, missing).
std::string format_interval(const metric_comparison& r);
// "5%" or "0.100 pp" for error_rate and goodput.
std::string format_tolerance(compare_metric m, double tolerance);
// true when some row is a stream metric (then the method line and compare.json list their tolerances).
bool has_stream_rows(const comparison& c);
// One line on how the verdicts were reached (method, iterations, confidence, tolerances, floor).
std::string describe_method(const comparison& c);
// "REGRESSION: 2 worse, 1 better, 15 same" / "no regression: ...".
std::string describe_outcome(const comparison& c);

}  // namespace ragbench::loadgen
