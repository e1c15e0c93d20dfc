#pragma once
// The observation role of a cache strategy: its counters and whether its backend is reachable,
// read by /metrics and /health/detailed. The query path (cache.hpp) never needs it. Every
// strategy implements both; cache_tier.hpp carries the two roles of one tier side by side.
#include <cstdint>

namespace ragbench::server {

struct cache_stats {
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;
  std::uint64_t puts = 0;
  std::uint64_t evictions = 0;    // removed to respect the size bound
  std::uint64_t expirations = 0;  // found but past its TTL
  std::uint64_t entries = 0;      // current number of entries
};

class cache_status {
 public:
  virtual ~cache_status() = default;
  // Counters since start. Thread-safe, may be slightly stale under concurrency.
  virtual cache_stats stats() const = 0;
  // False when a backend is unreachable (a remote cache); in-process caches are always healthy.
  virtual bool healthy() const { return true; }
};

}  // namespace ragbench::server
