#pragma once
// Fast JSON text building for hot response paths where nlohmann::json's DOM + dump is too slow
// (e.g. /v1/search returning kilobytes of chunk text), and UTF-8 validation for raw text input.
#include <string>
#include <string_view>

namespace ragbench {

// Appends `text` as a quoted JSON string: escapes '"', '\\' and control characters (< 0x20).
// `text` must be valid UTF-8 (see is_valid_utf8); bytes >= 0x80 are copied as they are.
// Cost O(n), copies runs of plain bytes at once.
void append_json_string(std::string& out, std::string_view text);

// Appends a number in the shortest form that reads back to the same value ("0.25", "17").
void append_json_number(std::string& out, double value);

// True when `text` nests objects and arrays deeper than `max_depth` (a top-level object or array
// is depth 1). Counts brackets outside strings without parsing, so it is cheap enough to run
// before a parser and serializer that recurse: on valid JSON the count is the exact depth, and
// on invalid JSON it matches a parser's up to the first error. Cost O(n), no allocation.
bool json_nesting_exceeds(std::string_view text, std::size_t max_depth);

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool is_valid_utf8(std::string_view text);

// The longest prefix of `text` of at most `max_bytes` bytes that does not cut a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

}  // namespace ragbench
