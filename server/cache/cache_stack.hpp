#pragma once
// The query cache as the settings describe it: an ordered list of tiers (top first) behind one
// cache. One tier is used as it is; two or more are looked up through a tiered_cache. The stack
// keeps the tiers reachable for per-tier metrics and health without recovering them by a cast.
#include <memory>
#include <vector>

#include "server/cache/cache.hpp"

namespace ragbench::server {

class cache_stack {
 public:
  // `tiers`: top first. Throws std::invalid_argument for an empty list, a null tier or (several
  // tiers) a name listed twice.
  explicit cache_stack(std::vector<std::unique_ptr<cache>> tiers);

  // The cache the pipeline queries: the single tier, or the tiered_cache over all of them.
  cache& top() { return *top_; }
  const cache& top() const { return *top_; }
  // The tiers, top first (top() itself when there is one). The pointers live as long as the stack.
  const std::vector<cache*>& tiers() const { return tiers_; }

 private:
  std::unique_ptr<cache> top_;
  std::vector<cache*> tiers_;
};

}  // namespace ragbench::server
