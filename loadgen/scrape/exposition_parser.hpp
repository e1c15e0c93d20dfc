#pragma once
// A parser of the Prometheus text exposition format (version 0.0.4, what `/metrics` endpoints serve
// with Content-Type text/plain; version=0.0.4):
//   - one statement per line (LF; a CR before it is dropped); blank lines are skipped; tokens are
//     separated by any run of spaces and tabs; leading and trailing blanks are ignored;
//   - `# HELP name text` (escapes \\ and \n in the text) and `# TYPE name counter|gauge|histogram|
//     summary|untyped`, each at most once per name, TYPE before the name's first sample; any other
//     comment (`# EOF`, `# anything`) is skipped;
//   - a sample: `name{label="value",...} value [timestamp]`; names [a-zA-Z_:][a-zA-Z0-9_:]*, label
//     names [a-zA-Z_][a-zA-Z0-9_]* (each at most once per sample), values in double quotes with the
//     escapes \\ \" \n (any other escape is an error), a trailing comma allowed; the value a float
//     (decimal or exponent, +Inf, -Inf, Inf, NaN in any case); the timestamp an integer in ms;
//   - samples are grouped into families: `x_bucket`, `x_sum`, `x_count` belong to a histogram `x`,
//     `x`, `x_sum`, `x_count` to a summary `x`; a sample without a TYPE is its own untyped family.
//     A histogram's `_bucket` needs an `le` label holding a float, a summary's quantile sample a
//     `quantile` label.
// Malformed input is refused as a whole with the 1-based line and the reason; the parser never
// throws on input, never loops back, and stops at the bounds of exposition_limits.
// Cost: one pass over the text, O(bytes + samples * log families). Pure function: thread-safe.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace ragbench::loadgen {

enum class exposition_type { counter, gauge, histogram, summary, untyped };

// "counter", "gauge", "histogram", "summary", "untyped".
std::string_view exposition_type_name(exposition_type t);

struct exposition_sample {
  std::string name;  // as written: "http_request_duration_seconds_bucket"
  std::vector<std::pair<std::string, std::string>> labels;  // in written order, values unescaped
  double value = 0;
  std::optional<std::int64_t> timestamp_ms;

  // The value of a label, or nullptr.
  const std::string* label(std::string_view name) const;
};

struct exposition_family {
  std::string name;  // the TYPE/HELP name ("http_request_duration_seconds"), or the sample's name
  exposition_type type = exposition_type::untyped;
  std::string help;  // unescaped, "" when none
  std::vector<exposition_sample> samples;  // in written order
};

struct exposition {
  std::vector<exposition_family> families;  // in order of first appearance

  // The family of that name, or nullptr. O(families).
  const exposition_family* find(std::string_view name) const;
  std::size_t sample_count() const;
};

// Bounds on what one parse may hold; past one, the input is refused with the line that crossed it.
struct exposition_limits {
  std::size_t max_bytes = 32u << 20;        // the whole text
  std::size_t max_line_bytes = 1u << 20;    // one line
  std::size_t max_samples = 1'000'000;      // over all families
  std::size_t max_labels = 128;             // on one sample
};

struct exposition_error {
  std::size_t line = 0;  // 1-based; 0 when the whole text is refused (too large)
  std::string reason;    // e.g. "expected '=' after label name 'route'"
  // "line 3: expected '=' after label name 'route'".
  std::string what() const;
};

// Parses a whole exposition. Never throws on input (std::bad_alloc aside).
std::variant<exposition, exposition_error> parse_exposition(std::string_view text,
                                                            const exposition_limits& limits = {});

}  // namespace ragbench::loadgen
