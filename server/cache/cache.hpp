#pragma once
// The cache strategy interface. Implementations: none, lru, redis, semantic, tiered. Chosen by name in cache_factory.cpp. Values are opaque strings (serialised answers).
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "server/pool/pool_snapshot.hpp"

namespace ragbench::server {

// A lookup key: the exact text key (query + filters + parameters, already normalised) and,
// for strategies that match by meaning (semantic), the query's embedding (L2-normalised) and
// `scope`, the non-query part of `text` (parameters such as k and filters) that a match by
// meaning must equal exactly. `embedding` and `scope` may be empty; exact-match strategies
// ignore both (they are already part of `text`).
struct cache_key {
  std::string_view text;
  std::span<const float> embedding;
  std::string_view scope{};
};

// A successful lookup: the value and the tier that answered ("lru", "redis", "semantic", ...).
// `tier` names a string with static storage or one owned by the cache (valid while it lives).
struct cache_hit {
  std::string value;
  std::string_view tier;
};

struct cache_stats {
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;
  std::uint64_t puts = 0;
  std::uint64_t evictions = 0;    // removed to respect the size bound
  std::uint64_t expirations = 0;  // found but past its TTL
  std::uint64_t entries = 0;      // current number of entries
};

class cache {
 public:
  virtual ~cache() = default;
  // Returns the stored value when present and not expired. Thread-safe.
  virtual std::optional<std::string> get(const cache_key& key) = 0;
  // get() that also says which tier answered: a single strategy answers as name(), a tiered
  // cache as the tier that held the value. Thread-safe.
  virtual std::optional<cache_hit> lookup(const cache_key& key) {
    auto value = get(key);
    if (!value) return std::nullopt;
    return cache_hit{std::move(*value), name()};
  }
  // Stores `value` for `ttl` (implementations may add jitter). Thread-safe.
  virtual void put(const cache_key& key, std::string value, std::chrono::milliseconds ttl) = 0;
  // Drops every entry (documents changed, so cached answers may be stale). Thread-safe.
  virtual void invalidate_all() = 0;
  // Strategy name as chosen on the command line: "none", "lru", ...
  virtual std::string_view name() const = 0;
  // Counters since start. Thread-safe, may be slightly stale under concurrency.
  virtual cache_stats stats() const = 0;
  // False when a backend is unreachable (a remote cache); in-process caches are always healthy.
  virtual bool healthy() const { return true; }
  // Connection pools behind the cache (redis), for /metrics and /health/detailed; none by default.
  virtual std::vector<pool_snapshot> pools() const { return {}; }
  // Installs the pool acquisition observer; call once during set-up, before concurrent use.
  virtual void observe_pool_acquire(pool_acquire_observer observer) { (void)observer; }
  // Periodic pool upkeep, as document_store::maintain_pools; none by default.
  virtual void maintain_pools() {}
};

}  // namespace ragbench::server
