// Cache strategies by name: one table, which is also the list of names; a tier list becomes a
// cache_stack.
#include "server/cache/cache_factory.hpp"

#include <stdexcept>

#include "common/name_table.hpp"
#include "server/cache/instrumented_cache.hpp"
#include "server/cache/lru_cache.hpp"
#include "server/cache/none_cache.hpp"
#include "server/cache/redis_cache.hpp"
#include "server/cache/semantic_cache.hpp"

namespace ragbench::server {
namespace {

struct cache_strategy {
  std::string_view name;
  cache_tier (*make)(const cache_options&, const clock_source&);
};

constexpr cache_strategy k_strategies[] = {
    {"none", [](const cache_options&, const clock_source&) { return as_cache_tier(std::make_unique<none_cache>()); }},
    {"lru",
     [](const cache_options& o, const clock_source& clock) { return as_cache_tier(std::make_unique<lru_cache>(o, clock)); }},
    {"redis",
     [](const cache_options& o, const clock_source& clock) { return as_cache_tier(std::make_unique<redis_cache>(o, clock)); }},
    {"semantic",
     [](const cache_options& o, const clock_source& clock) {
       return as_cache_tier(std::make_unique<semantic_cache>(o, clock));
     }},
};
constexpr auto k_names = names_of(k_strategies);

}  // namespace

std::span<const std::string_view> cache_strategy_names() { return k_names; }

cache_tier make_cache_tier(const cache_options& options, const clock_source& clock) {
  if (const auto* s = find_named(k_strategies, options.name)) return s->make(options, clock);
  throw std::invalid_argument("unknown cache strategy '" + options.name + "' (valid: " + join_names(k_names) + ")");
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
