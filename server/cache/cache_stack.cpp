// cache_stack: one tier as it is, several behind a tiered_cache (which keeps their roles).
#include "server/cache/cache_stack.hpp"

#include <stdexcept>

#include "server/cache/tiered_cache.hpp"

namespace ragbench::server {

cache_stack::cache_stack(std::vector<cache_tier> tiers) {
  if (tiers.empty()) throw std::invalid_argument("cache: at least one tier is required (e.g. lru)");
  if (tiers.size() == 1) {
    if (!tiers.front().data || !tiers.front().status) throw std::invalid_argument("cache: tier 1 is missing");
    top_ = std::move(tiers.front());
    return;
  }
  auto tiered = std::make_unique<tiered_cache>(std::move(tiers));
  tiered_ = tiered.get();
  top_ = as_cache_tier(std::move(tiered));
}

std::span<const cache_tier> cache_stack::tiers() const {
  if (tiered_) return tiered_->tiers();
  return {&top_, 1};
}

bool cache_stack::may_block() const {
  for (const auto& t : tiers()) {
    if (t.may_block()) return true;
  }
  return false;
}

}  // namespace ragbench::server
