// Cache strategies by name: a plain table; a tier list becomes a cache_stack.
#include "server/cache/cache_factory.hpp"

#include <stdexcept>

#include "server/cache/instrumented_cache.hpp"
#include "server/cache/lru_cache.hpp"
#include "server/cache/none_cache.hpp"
#include "server/cache/redis_cache.hpp"
#include "server/cache/semantic_cache.hpp"

namespace ragbench::server {

std::vector<std::string> cache_strategy_names() { return {"none", "lru", "redis", "semantic"}; }

cache_tier make_cache_tier(const cache_options& options, const clock_source& clock) {
  if (options.name == "none") return as_cache_tier(std::make_unique<none_cache>());
  if (options.name == "lru") return as_cache_tier(std::make_unique<lru_cache>(options, clock));
  if (options.name == "redis") return as_cache_tier(std::make_unique<redis_cache>(options, clock));
  if (options.name == "semantic") return as_cache_tier(std::make_unique<semantic_cache>(options, clock));
  std::string valid;
  for (const auto& n : cache_strategy_names()) valid += (valid.empty() ? "" : ", ") + n;
  throw std::invalid_argument("unknown cache strategy '" + options.name + "' (valid: " + valid + ")");
}

cache_stack make_cache_stack(const std::vector<cache_options>& tiers, const clock_source& clock,
                             metrics_registry* metrics) {
  std::vector<cache_tier> built;
  for (const auto& options : tiers) {
    auto tier = make_cache_tier(options, clock);
    if (metrics) tier.data = std::make_unique<instrumented_cache>(std::move(tier.data), *metrics);
    built.push_back(std::move(tier));
  }
  return cache_stack(std::move(built));
}

}  // namespace ragbench::server
