#pragma once
// What a connection pool reports, for /metrics and /health/detailed.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace ragbench::server {

struct pool_snapshot {
  std::string name;            // e.g. "postgres", "redis", "sqlite_readers"
  std::string strategy;        // "none" | "fixed" | "elastic" (empty for a store's private pool)
  std::size_t max = 0;         // connections it may open (elastic: max + overflow)
  std::size_t open = 0;        // connections open now (idle + in use)
  std::size_t in_use = 0;
  std::size_t waiters = 0;     // threads waiting for a connection now
  std::uint64_t created = 0;   // connections opened since start
  std::uint64_t acquired = 0;  // acquisitions since start (created + reused)
  std::uint64_t reused = 0;    // acquisitions served by an already open connection
  std::uint64_t timeouts = 0;  // acquisitions that gave up waiting
  std::uint64_t errors = 0;    // failed connection attempts and pings, connections discarded as broken
  std::uint64_t closed = 0;    // connections closed (idle timeout, lifetime, broken, overflow, none)
};

// Told the wait of every pool acquisition (to feed a latency histogram). Must be thread-safe.
using pool_acquire_observer = std::function<void(std::string_view pool, std::chrono::nanoseconds wait)>;

}  // namespace ragbench::server
