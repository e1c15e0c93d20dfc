#pragma once
// The "none" cache strategy: stores nothing, every get is a miss. The baseline for A/B runs.
#include <atomic>

#include "server/cache/cache.hpp"
#include "server/cache/cache_status.hpp"

namespace ragbench::server {

// Thread-safe; every method is O(1) with one relaxed atomic increment.
class none_cache final : public cache, public cache_status {
 public:
  std::optional<cache_hit> lookup(const cache_key& key) override;
  // Counts the put and discards the value.
  void put(const cache_key& key, std::string value, std::chrono::milliseconds ttl) override;
  void invalidate_all() override {}
  std::string_view name() const override { return "none"; }
  cache_stats stats() const override;

 private:
  std::atomic<std::uint64_t> misses_{0};
  std::atomic<std::uint64_t> puts_{0};
};

}  // namespace ragbench::server
