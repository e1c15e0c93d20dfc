// server_config -> per-component options: field mapping and the setting-level checks.
#include "server/app/component_options.hpp"

#include <chrono>
#include <stdexcept>

namespace ragbench::server {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

pool_options pool_options_of(const server_config& c) {
  pool_options o;
  o.strategy = c.pool;
  o.min = c.pool_min;
  o.max = c.pool_max;
  o.overflow = c.pool_overflow;
  o.acquire_timeout = duration_cast<milliseconds>(c.pool_timeout);
  o.idle_timeout = duration_cast<milliseconds>(c.pool_idle_timeout);
  o.max_lifetime = duration_cast<milliseconds>(c.pool_max_lifetime);
  o.preping_after = duration_cast<milliseconds>(c.pool_preping_after);
  o.connect_timeout = duration_cast<milliseconds>(c.connect_timeout);
  return o;
}

store_options store_options_of(const server_config& c) {
  store_options o;
  o.name = c.store;
  o.data_dir = c.data_dir;
  o.postgres_url = c.postgres_url;
  o.pool = pool_options_of(c);
  return o;
}

index_options index_options_of(const server_config& c) {
  index_options o;
  o.name = c.index;
  o.dimension = c.embed_dim;
  o.m = c.hnsw_m;
  o.ef_construction = c.hnsw_ef_construction;
  o.ef_search = c.hnsw_ef_search;
  o.full_scan_threshold = c.hnsw_full_scan_threshold;
  return o;
}

std::vector<cache_options> cache_options_of(const server_config& c) {
  std::vector<cache_options> tiers;
  for (const auto& name : c.cache) {
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
      o.pool = pool_options_of(c);
    } else if (name == "semantic") {
      o.capacity = c.semantic_capacity;
      o.default_ttl = duration_cast<milliseconds>(c.semantic_ttl);
      o.semantic_threshold = c.semantic_threshold;
    }
    tiers.push_back(std::move(o));
  }
  return tiers;
}

chunker_options chunker_options_of(const server_config& c) {
  chunker_options o;
  o.size = c.chunk_size;
  o.overlap = c.chunk_overlap;
  o.unit = parse_chunk_unit(c.chunk_unit);
  return o;
}

llm_options llm_options_of(const server_config& c) {
  llm_options o;
  o.ttft_mean = std::chrono::duration_cast<std::chrono::microseconds>(c.llm_ttft);
  o.inter_token_mean = std::chrono::duration_cast<std::chrono::microseconds>(c.llm_inter_token);
  o.answer_tokens = c.llm_answer_tokens;
  o.scale = c.llm_scale;
  o.seed = c.llm_seed;
  o.ttft_spread = c.llm_ttft_spread;
  o.inter_token_spread = c.llm_inter_token_spread;
  o.tokens_per_event_min = c.llm_tokens_per_event_min;
  o.tokens_per_event_max = c.llm_tokens_per_event_max;
  return o;
}

auth_options auth_options_of(const server_config& c) {
  auth_options o;
  o.costs.opslimit = c.password_opslimit;
  o.costs.memlimit_bytes = static_cast<std::size_t>(c.password_memlimit);
  o.token_ttl = std::chrono::duration_cast<std::chrono::milliseconds>(c.token_ttl);
  return o;
}

rate_limit_policy rate_limit_policy_of(const server_config& c) {
  rate_limit_policy p;
  if (c.rate_limits == "off") return p;
  p.limits[static_cast<std::size_t>(endpoint_class::chat)] = c.rate_limit_chat;
  p.limits[static_cast<std::size_t>(endpoint_class::auth)] = c.rate_limit_auth;
  p.limits[static_cast<std::size_t>(endpoint_class::upload)] = c.rate_limit_upload;
  p.limits[static_cast<std::size_t>(endpoint_class::search)] = c.rate_limit_search;
  p.identity.use_token = c.rate_limit_key == "token";
  p.identity.proxies = trusted_proxies::parse(c.trust_forwarded_for);
  return p;
}

rate_limiter_options rate_limiter_options_of(const server_config& c) {
  rate_limiter_options o;
  o.store = c.rate_limit_store;
  o.max_buckets = c.rate_limit_max_buckets;
  if (o.store == "redis" && c.redis_url.empty()) {
    throw std::invalid_argument("rate_limit_store redis needs a server: set --redis-url");
  }
  o.redis_url = c.redis_url;
  o.pool = pool_options_of(c);
  return o;
}

}  // namespace ragbench::server
