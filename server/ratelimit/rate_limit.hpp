#pragma once
// One class's limit: a quota of requests per time window, enforced as a token bucket that holds at
// most `requests` tokens and refills at `requests` per `window` (so a client may spend the whole
// quota at once, then one request every window / requests). Written "20/1m", "5/15m", "30/60s".
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace ragbench::server {

struct rate_limit {
  std::uint64_t requests = 0;              // quota per window; 0 = not limited
  std::chrono::milliseconds window{0};     // > 0 when requests > 0

  bool enabled() const { return requests > 0; }
  // Time for one token to come back: window / requests, in microseconds (at least 1).
  std::int64_t interval_us() const;
  bool operator==(const rate_limit&) const = default;
};

// "N/DURATION" (N in 1..1000000; DURATION with a unit, 1 s .. 7 days: "20/1m", "5/15m", "30/60s";
// a bare unit means one of it: "20/m", "100/h", "10/s") or "off". Throws std::invalid_argument with
// the reason only. Pure, thread-safe.
rate_limit parse_rate_limit(std::string_view text);

// The text parse_rate_limit accepts back: "20/1m", "5/15m", "off".
std::string to_string(const rate_limit& limit);

}  // namespace ragbench::server
