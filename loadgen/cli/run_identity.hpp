#pragma once
// Who a segment of a distributed test is (loadgen run --segment I/N --start-at TIME --run-id ID):
// the scenario's content hash, the test's run id and run seed, and the shared start time. Every
// value is derived from the command line alone, so N processes started with the same command line
// (only I differs) agree on them without talking to each other. Pure functions except where noted.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "loadgen/cli/scenario_setup.hpp"

namespace ragbench::loadgen {

// What the scenario hash covers: the scenario as loaded, in a canonical form — the scenario file's
// bytes (URL mode: the generated scenario text), the profile file's bytes, then every override in
// command-line order (--target, --set and their shorthands), --kpi, --tags, --exclude-tags and
// --scrape. The data files a scenario reads (feeders, {{file:...}}) are not included.
struct scenario_inputs {
  std::string scenario_path;               // ignored in URL mode
  std::optional<std::string> profile_path;
  std::optional<std::string> target;       // --target URL
  std::vector<std::string> sets;           // KEY=VALUE, in order
  scenario_extras extras;
};

// "sha256:<64 hex>" over the canonical form above. Reads the files; throws std::runtime_error naming
// a file it cannot read.
std::string scenario_hash(const scenario_inputs& in);
// The same over given bytes (the canonical form's parts), for tests and for the above.
std::string scenario_hash_of(const std::string& scenario_text, const std::optional<std::string>& profile_text,
                             const std::vector<std::string>& overrides);

// The default run id: 16 hex digits of SHA-256 over the scenario hash, --start-at (ms since the
// epoch, or none), the scenario's seed (or none) and the segment count. Same inputs, same id.
std::string derive_run_id(const std::string& scenario_hash, std::optional<std::int64_t> start_at_unix_ms,
                          std::optional<std::uint64_t> seed, std::uint32_t segment_count);
// The run seed of a segmented test whose scenario sets no seed: 64 bits of SHA-256 over the run id,
// so every segment draws the same Poisson schedule.
std::uint64_t derive_run_seed(const std::string& run_id);
// --run-id: 1 to 128 characters of [A-Za-z0-9._-]. Throws usage_error otherwise.
std::string check_run_id(const std::string& id);

// --start-at TIME: RFC 3339 ("2026-12-05T03:00:00Z", fractions and "+01:00" offsets allowed) or
// seconds since the Unix epoch ("1796439600", "1796439600.5"). Throws usage_error naming the flag
// and the accepted forms.
std::chrono::system_clock::time_point parse_start_at(const std::string& text);
// A start time more than `max_past` before `now` is refused (usage_error: the segments could no
// longer start together). Within it the run starts at once, late.
void check_start_at(std::chrono::system_clock::time_point start_at, std::chrono::system_clock::time_point now,
                    std::chrono::seconds max_past = std::chrono::seconds(60));
// "2026-12-05T03:00:00Z" (milliseconds added when not whole seconds).
std::string format_utc(std::chrono::system_clock::time_point t);

}  // namespace ragbench::loadgen
