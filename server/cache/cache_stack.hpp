#pragma once
// The query cache as the settings describe it: an ordered list of tiers (top first) behind one
// cache. One tier is used as it is; two or more are looked up through a tiered_cache. The stack
// keeps every tier's roles reachable (status for metrics and health, pools for the app's pool
// metrics and upkeep) without recovering them by a cast.
#include <span>
#include <vector>

#include "server/cache/cache.hpp"
#include "server/cache/cache_status.hpp"
#include "server/cache/cache_tier.hpp"

namespace ragbench::server {

class tiered_cache;

class cache_stack {
 public:
  // `tiers`: top first. Throws std::invalid_argument for an empty list, a tier without its query
  // path or status, or (several tiers) a name listed twice.
  explicit cache_stack(std::vector<cache_tier> tiers);

  // The cache the pipeline queries: the single tier, or the tiered_cache over all of them.
  cache& top() { return *top_.data; }
  // Counters and health of top(): the single tier's, or the tiered cache's (healthy when every
  // tier is; entries of the top tier).
  const cache_status& status() const { return *top_.status; }
  // The tiers, top first (top_ itself when there is one). Valid as long as the stack.
  std::span<const cache_tier> tiers() const;
  // True when some tier may block on the network: lookups must then leave the I/O threads.
  bool may_block() const;

 private:
  cache_tier top_;
  const tiered_cache* tiered_ = nullptr;  // top_'s strategy when there are several tiers
};

}  // namespace ragbench::server
