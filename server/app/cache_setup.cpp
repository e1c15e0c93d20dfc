// Cache wiring: server settings -> per-tier cache_options -> instrumented tiers -> one cache.
#include "server/app/cache_setup.hpp"

#include <algorithm>
#include <stdexcept>

#include "server/app/instrumented_cache.hpp"
#include "server/cache/cache_factory.hpp"
#include "server/cache/tiered_cache.hpp"

namespace ragbench::server {
namespace {

// One tier's options from the server settings: each tier has its own capacity and TTL.
cache_options tier_options(const server_config& c, const std::string& name, const pool_options& pool) {
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  cache_options o;
  o.name = name;
  o.embedding_dim = c.embed_dim;
  if (name == "lru") {
    o.capacity = c.cache_capacity;
    o.default_ttl = duration_cast<milliseconds>(c.cache_ttl);
    o.shards = c.cache_shards;
  } else if (name == "redis") {
    if (c.redis_url.empty()) throw std::invalid_argument("cache tier 'redis' needs a server: set --redis-url");
    o.redis_url = c.redis_url;
    o.default_ttl = duration_cast<milliseconds>(c.redis_ttl);
    o.pool = pool;
  } else if (name == "semantic") {
    o.capacity = c.semantic_capacity;
    o.default_ttl = duration_cast<milliseconds>(c.semantic_ttl);
    o.semantic_threshold = c.semantic_threshold;
  }
  return o;
}

// The configured tiers, each instrumented (per-tier metrics); several tiers make a tiered cache.
}  // namespace

std::unique_ptr<cache> build_cache(const server_config& c, const pool_options& pool, const clock_source& clock,
                                   metrics_registry& metrics) {
  if (c.cache.empty()) throw std::invalid_argument("cache: at least one tier is required (e.g. lru)");
  std::vector<std::unique_ptr<cache>> tiers;
  for (const auto& name : c.cache) {
    tiers.push_back(std::make_unique<instrumented_cache>(make_cache(tier_options(c, name, pool), clock), metrics));
  }
  if (tiers.size() == 1) return std::move(tiers.front());
  return std::make_unique<tiered_cache>(std::move(tiers));
}

std::vector<cache*> cache_tiers(cache& top) {
  if (auto* tiered = dynamic_cast<tiered_cache*>(&top)) return tiered->tiers();
  return {&top};
}

bool cache_may_block(const server_config& c) {
  return std::find(c.cache.begin(), c.cache.end(), "redis") != c.cache.end();
}

}  // namespace ragbench::server
