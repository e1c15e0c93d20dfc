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

std::unique_ptr<cache> make_cache(const cache_options& options, const clock_source& clock) {
  if (options.name == "none") return std::make_unique<none_cache>();
  if (options.name == "lru") return std::make_unique<lru_cache>(options, clock);
  if (options.name == "redis") return std::make_unique<redis_cache>(options, clock);
  if (options.name == "semantic") return std::make_unique<semantic_cache>(options, clock);
  std::string valid;
  for (const auto& n : cache_strategy_names()) valid += (valid.empty() ? "" : ", ") + n;
  throw std::invalid_argument("unknown cache strategy '" + options.name + "' (valid: " + valid + ")");
}

cache_stack make_cache_stack(const std::vector<cache_options>& tiers, const clock_source& clock,
                             metrics_registry* metrics) {
  std::vector<std::unique_ptr<cache>> built;
  for (const auto& options : tiers) {
    auto tier = make_cache(options, clock);
    if (metrics) tier = std::make_unique<instrumented_cache>(std::move(tier), *metrics);
    built.push_back(std::move(tier));
  }
  return cache_stack(std::move(built));
}

}  // namespace ragbench::server
