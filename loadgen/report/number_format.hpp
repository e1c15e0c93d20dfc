#pragma once
// Deterministic number and text formatting shared by the report writers.
#include <cstdint>
#include <string>
#include <string_view>

namespace ragbench::loadgen {

// "%.<decimals>f" — locale-independent, used in md/csv/xml so golden files are stable.
std::string fixed(double value, int decimals);
// value rounded to `decimals` decimal places (for JSON numbers).
double rounded(double value, int decimals);
// Nanoseconds to milliseconds.
inline double ns_to_ms(double ns) { return ns / 1e6; }
// XML text/attribute escaping (&, <, >, ", ').
std::string xml_escape(std::string_view text);
// A CSV field, quoted when it holds a comma, quote or newline.
std::string csv_field(std::string_view text);
// A Markdown table cell: '|' escaped, newlines removed.
std::string md_cell(std::string_view text);

}  // namespace ragbench::loadgen
