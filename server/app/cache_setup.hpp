#pragma once
// Builds the query cache from the server settings: the `cache` list names the tiers, top first;
// each tier gets its own options (lru: cache_capacity/cache_ttl/cache_shards; redis: redis_url/
// redis_ttl/pool settings; semantic: semantic_capacity/semantic_ttl/semantic_threshold/embed_dim)
// and its own metrics (instrumented_cache); two or more tiers form a tiered_cache.
#include <memory>
#include <vector>

#include "common/clock.hpp"
#include "server/cache/cache.hpp"
#include "server/config/server_config.hpp"
#include "server/metrics/metrics_registry.hpp"
#include "server/pool/pool_options.hpp"

namespace ragbench::server {

// Throws std::invalid_argument with an operator-facing message (unknown tier, redis without a
// URL, bad option). `clock` and `metrics` must outlive the cache.
std::unique_ptr<cache> build_cache(const server_config& c, const pool_options& pool, const clock_source& clock,
                                   metrics_registry& metrics);

// The tiers of a cache built by build_cache, top first (the cache itself when it has one tier).
// The pointers live as long as `top`.
std::vector<cache*> cache_tiers(cache& top);

// True when a tier may block on the network (redis): lookups then leave the I/O threads.
bool cache_may_block(const server_config& c);

}  // namespace ragbench::server
