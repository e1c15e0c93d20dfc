#pragma once
// Text for comparison rows, shared by the table, compare.md, compare.json and junit.xml: values with units,
// signed changes and intervals ("+12.3%", "[+8.1%, +16.4%]"; error rate in percentage points), and the
// one-line explanation of each verdict for a reviewer.
#include <string>

#include "loadgen/compare/comparison.hpp"

namespace ragbench::loadgen {

// "12.345 ms", "812.3 req/s", "1520.0 tokens/s", "0.120%" (error_rate, goodput).
std::string format_value(compare_metric m, double value);
// "+12.3%" (relative) or "+0.150 pp" (error rate, goodput); "-" for a row without values.
std::string format_change(const metric_comparison& r);
// "[+8.1%, +16.4%]"; "-" when there is no interval.
std::string format_interval(const metric_comparison& r);
// "5%" or "0.100 pp" for error_rate and goodput.
std::string format_tolerance(compare_metric m, double tolerance);
// true when some row is a stream metric (then the method line and compare.json list their tolerances).
bool has_stream_rows(const comparison& c);
// true when the row has values (not missing / new / no-data).
bool has_values(const metric_comparison& r);
// How the verdicts were reached (method, confidence, tolerances, floor, gross bound).
std::string describe_method(const comparison& c);
// "REGRESSION: 2 worse, 1 missing (upload), ..." / "no regression: ..." / "no regression claimed: ...".
std::string describe_outcome(const comparison& c);
// One line a reviewer understands, e.g. "search p95 +12.0% [+8.1%, +16.2%]: worse: beyond the 5% tolerance
// and the run-to-run noise (±3.1% per run, over 5 baseline runs)".
std::string explain(const metric_comparison& r, const compare_options& o);

}  // namespace ragbench::loadgen
