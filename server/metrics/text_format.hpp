#pragma once
// Pieces of the Prometheus text exposition format 0.0.4: escaping and number formatting.
// Pure functions, thread-safe.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ragbench::server {

// Label values: backslash, double quote and line feed become \\, \" and \n.
std::string escape_label_value(std::string_view value);
// HELP text: backslash and line feed become \\ and \n.
std::string escape_help(std::string_view help);

// Shortest round-trip form, plain decimal for 1e-6 <= |v| < 1e15 ("0.0005"); "+Inf", "-Inf" and "NaN" for the special values.
std::string format_value(double value);
std::string format_value(std::uint64_t value);

// `{a="x",b="y"}` (empty when there are no labels); `extra_name`/`extra_value` (e.g. "le") is appended.
std::string format_labels(const std::vector<std::string>& names, const std::vector<std::string>& values,
                          std::string_view extra_name = {}, std::string_view extra_value = {});

// Metric names match [a-zA-Z_:][a-zA-Z0-9_:]*; label names [a-zA-Z_][a-zA-Z0-9_]* and do not
// start with "__" (reserved).
bool is_valid_metric_name(std::string_view name);
bool is_valid_label_name(std::string_view name);

}  // namespace ragbench::server
