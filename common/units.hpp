#pragma once
// Parsing and formatting of the human units used in flags, config files and scenario files:
// durations ("250ms", "1.5s", "2m", "1h", "750us") and byte sizes ("16MiB", "10MB", "4096").
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ragbench {

// Parses a duration with a unit suffix: ns, us, ms, s, m, h. A bare number is rejected unless
// `default_unit` is given (e.g. "s"). Returns nullopt on any malformed, negative or overflowing input.
std::optional<std::chrono::nanoseconds> parse_duration(std::string_view text,
                                                      std::string_view default_unit = {});

// Parses a byte size: a number followed by B, KB, MB, GB (powers of 1000) or KiB, MiB, GiB
// (powers of 1024); a bare number means bytes. Returns nullopt on malformed or negative input.
std::optional<std::uint64_t> parse_size(std::string_view text);

// Formats a duration compactly for messages and reports: "850us", "12.3ms", "1.25s".
std::string format_duration(std::chrono::nanoseconds d);

}  // namespace ragbench
