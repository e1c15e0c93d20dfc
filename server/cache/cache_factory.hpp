#pragma once
// Chooses cache strategies by name and stacks them into the query cache. The one place that
// knows every cache strategy, and the one list of their names (--help, setting validation and
// error messages read it).
#include <span>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "server/cache/cache_options.hpp"
#include "server/cache/cache_stack.hpp"
#include "server/cache/cache_tier.hpp"

namespace ragbench::server {

class metrics_registry;

// Names accepted by make_cache_tier, in the order --help and error messages list them: "none",
// "lru", "redis", "semantic". ("tiered" is not a strategy but a list of them.)
std::span<const std::string_view> cache_strategy_names();

// The one strategy options.name, built with `options`, with its roles. Throws
// std::invalid_argument for an unknown name (the message lists the valid ones) or invalid
// options. `clock` must outlive it.
cache_tier make_cache_tier(const cache_options& options, const clock_source& clock);

// The query cache from an ordered tier list, top first: each tier built by make_cache_tier and,
// when `metrics` is given, its query path wrapped in an instrumented_cache (cache_requests_total
// and cache_lookup_duration_seconds per tier); two or more tiers are looked up through a
// tiered_cache. Throws std::invalid_argument as make_cache_tier does, and for an empty list or a
// name listed twice. `clock` and `metrics` must outlive the stack.
cache_stack make_cache_stack(const std::vector<cache_options>& tiers, const clock_source& clock,
                             metrics_registry* metrics = nullptr);

}  // namespace ragbench::server
