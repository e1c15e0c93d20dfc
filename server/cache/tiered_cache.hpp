#pragma once
// The "tiered" cache: an ordered list of cache tiers (e.g. lru -> redis -> semantic) looked up
// in order, with promotion of a lower-tier hit into the tiers above it.
#include <atomic>
#include <span>
#include <vector>

#include "server/cache/cache.hpp"
#include "server/cache/cache_status.hpp"
#include "server/cache/cache_tier.hpp"

namespace ragbench::server {

// lookup walks the tiers in order and stops at the first hit; the value is then put into every
// tier above the one that answered (ttl 0: each tier's own default TTL), so the next lookup of
// the same key is answered by the top tier. lookup() reports the answering tier's name.
// put writes every tier (ttl <= 0: each tier's own default TTL, which is how tiers get their own
// TTLs), invalidate_all clears every tier.
// Failures: a tier that throws (e.g. its backend is down) is skipped on every operation and the
// failure counted in tier_failures(); the cache as a whole never throws from lookup/put/
// invalidate_all because of one tier.
// stats(): hits, misses and puts of the tiered cache itself (a hit = any tier answered);
// entries, evictions and expirations are the top tier's. healthy(): every tier healthy.
// Thread-safe when every tier is; adds no lock of its own. Cost: the sum of the tiers visited.
class tiered_cache final : public cache, public cache_status {
 public:
  // Throws std::invalid_argument when `tiers` is empty, a tier lacks its query path or status,
  // or two tiers have the same name (the answering tier would be ambiguous).
  explicit tiered_cache(std::vector<cache_tier> tiers);
  ~tiered_cache() override;

  std::optional<cache_hit> lookup(const cache_key& key) override;
  void put(const cache_key& key, std::string value, std::chrono::milliseconds ttl) override;
  void invalidate_all() override;
  std::string_view name() const override { return "tiered"; }
  cache_stats stats() const override;
  bool healthy() const override;

  // The tiers, top first (for per-tier health, metrics and pools). Valid as long as this.
  std::span<const cache_tier> tiers() const { return tiers_; }
  // Operations that threw in a tier and were skipped, since start. Thread-safe.
  std::uint64_t tier_failures() const { return failures_.load(std::memory_order_relaxed); }

 private:
  std::vector<cache_tier> tiers_;
  std::atomic<std::uint64_t> hits_{0};
  std::atomic<std::uint64_t> misses_{0};
  std::atomic<std::uint64_t> puts_{0};
  std::atomic<std::uint64_t> failures_{0};
};

}  // namespace ragbench::server
