#pragma once
// The "lru" cache strategy: an in-process, sharded LRU map with per-entry TTL (with deterministic
// jitter), an entry-count bound and an optional byte bound. The L1 tier (seed: 1000 items, 60 s).
#include <atomic>
#include <chrono>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/clock.hpp"
#include "server/cache/cache.hpp"
#include "server/cache/cache_status.hpp"
#include "server/cache/cache_options.hpp"

namespace ragbench::server {

// Sharding: a key lives in shard key_hash(key) % shard_count(); each shard has its own mutex, LRU
// list and hash map, so threads touching different shards never contend. Capacity and the byte
// bound are split evenly across shards, so eviction is LRU *within a shard* (exact LRU with
// shards = 1) and the totals are never exceeded. Shards are capped at capacity (and max_bytes).
// Expiry is checked lazily on lookup() against the injected clock; expired entries also count
// towards capacity until touched or evicted. Only cache_key::text is used (exact match).
// Thread-safe. lookup/put: O(key length + value length) under one shard lock.
class lru_cache final : public cache, public cache_status {
 public:
  // Throws std::invalid_argument when capacity or shards is 0, default_ttl <= 0 or ttl_jitter is
  // outside [0, 1). `clock` must outlive the cache.
  lru_cache(const cache_options& options, const clock_source& clock);
  ~lru_cache() override;

  std::optional<cache_hit> lookup(const cache_key& key) override;
  // ttl <= 0 means options.default_ttl; TTLs above 50 years are clamped to 50 years. The stored TTL is apply_ttl_jitter(key, ttl, ttl_jitter).
  // A value larger than a shard's byte bound is not stored (and any old value for the key is
  // dropped, as it is stale).
  void put(const cache_key& key, std::string value, std::chrono::milliseconds ttl) override;
  void invalidate_all() override;
  std::string_view name() const override { return "lru"; }
  cache_stats stats() const override;

  std::size_t shard_count() const { return shards_.size(); }

 private:
  struct entry;
  struct shard;
  shard& shard_for(std::string_view key);
  void erase_locked(shard& s, std::list<entry>::iterator it);

  cache_options options_;
  const clock_source& clock_;
  std::vector<std::unique_ptr<shard>> shards_;
  std::atomic<std::uint64_t> hits_{0};
  std::atomic<std::uint64_t> misses_{0};
  std::atomic<std::uint64_t> puts_{0};
  std::atomic<std::uint64_t> evictions_{0};
  std::atomic<std::uint64_t> expirations_{0};
  std::atomic<std::uint64_t> entries_{0};
};

}  // namespace ragbench::server
