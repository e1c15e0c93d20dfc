#pragma once
// Reading a whole file that a scenario names (the scenario or profile itself, {{file:...}} contents)
// with a size bound, so a directory, a device such as /dev/zero or a huge file is an error with a
// reason instead of a hang or an out-of-memory. Load time only; thread-safe.
#include <cstddef>
#include <optional>
#include <string>

namespace ragbench::loadgen {

// Bounds (documented in docs/loadgen-scenarios.md).
inline constexpr std::size_t max_scenario_file_bytes = 64u << 20;  // scenario and profile files
inline constexpr std::size_t max_template_file_bytes = 64u << 20;  // one {{file:...}}

// The contents of `path`, at most `max_bytes`; nullopt with `why` set otherwise: "it is a directory",
// "it is not a regular file (a device, FIFO or socket)" (only when `regular_only`), "it is larger
// than 64 MiB", "it cannot be opened (No such file or directory)". Reads at most max_bytes + 1 bytes.
std::optional<std::string> read_bounded_file(const std::string& path, std::size_t max_bytes, bool regular_only,
                                             std::string& why);

// "64 MiB", "1.5 KiB", "12 bytes": for messages.
std::string describe_bytes(std::size_t bytes);

}  // namespace ragbench::loadgen
