#pragma once
// The server settings translated into each component's own options, so the strategy folders
// never see server_config: one function per component, plain field mapping plus the checks that
// need to name a setting (e.g. the redis tier without --redis-url).
#include <vector>

#include "server/auth/auth_service.hpp"
#include "server/cache/cache_options.hpp"
#include "server/config/server_config.hpp"
#include "server/index/index_factory.hpp"
#include "server/pool/pool_options.hpp"
#include "server/rag/chunker.hpp"
#include "server/rag/llm_simulator.hpp"
#include "server/ratelimit/rate_limit_guard.hpp"
#include "server/ratelimit/rate_limiter_factory.hpp"
#include "server/store/store_options.hpp"

namespace ragbench::server {

// The connection pool settings shared by PostgreSQL and Redis (pool, pool_*, connect_timeout).
pool_options pool_options_of(const server_config& c);

// store, data_dir, postgres_url and the pool.
store_options store_options_of(const server_config& c);

// index, embed_dim and the hnsw_* settings.
index_options index_options_of(const server_config& c);

// One entry per name in c.cache, top first, each with its own capacity and TTL (lru:
// cache_capacity/cache_ttl/cache_shards; redis: redis_url/redis_ttl/the pool; semantic:
// semantic_capacity/semantic_ttl/semantic_threshold; all: embed_dim). Throws
// std::invalid_argument when the redis tier is listed without redis_url.
std::vector<cache_options> cache_options_of(const server_config& c);

// chunk_size, chunk_overlap, chunk_unit.
chunker_options chunker_options_of(const server_config& c);

// The llm_* settings.
llm_options llm_options_of(const server_config& c);

// token_ttl and the password_* costs.
auth_options auth_options_of(const server_config& c);

// rate_limits, rate_limit_<class>, rate_limit_key and trust_forwarded_for. With rate_limits off
// every class is off.
rate_limit_policy rate_limit_policy_of(const server_config& c);

// rate_limit_store, rate_limit_max_buckets, redis_url and the pool. Throws std::invalid_argument
// when the redis store is chosen without redis_url.
rate_limiter_options rate_limiter_options_of(const server_config& c);

}  // namespace ragbench::server
