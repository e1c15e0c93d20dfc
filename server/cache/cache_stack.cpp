// cache_stack: one tier as it is, several behind a tiered_cache; the tier pointers are taken
// before the tiers move into it.
#include "server/cache/cache_stack.hpp"

#include <stdexcept>

#include "server/cache/tiered_cache.hpp"

namespace ragbench::server {

cache_stack::cache_stack(std::vector<std::unique_ptr<cache>> tiers) {
  if (tiers.empty()) throw std::invalid_argument("cache: at least one tier is required (e.g. lru)");
  for (const auto& t : tiers) tiers_.push_back(t.get());
  if (tiers.size() == 1) {
    if (!tiers.front()) throw std::invalid_argument("cache: tier 1 is missing");
    top_ = std::move(tiers.front());
  } else {
    top_ = std::make_unique<tiered_cache>(std::move(tiers));
  }
}

}  // namespace ragbench::server
