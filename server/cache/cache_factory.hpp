#pragma once
// Chooses a cache strategy by name. The one place that knows every cache strategy.
#include <memory>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "server/cache/cache.hpp"
#include "server/cache/cache_options.hpp"

namespace ragbench::server {

// Names accepted by make_cache, in the order they are listed in error messages.
std::vector<std::string> cache_strategy_names();

// Builds the strategy options.name with `options`. Throws std::invalid_argument for an unknown
// name (the message lists the valid ones) or invalid options. `clock` must outlive the cache.
std::unique_ptr<cache> make_cache(const cache_options& options, const clock_source& clock);

}  // namespace ragbench::server
