#pragma once
// Settings of one cache strategy (one tier); each strategy reads the fields it needs. A tiered
// cache is a list of these (cache_factory.hpp: make_cache_stack).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "server/pool/pool_options.hpp"

namespace ragbench::server {

struct cache_options {
  std::string name = "lru";                       // "none" | "lru" | "redis" | "semantic"
  std::size_t capacity = 1000;                    // max entries in total (seed L1: 1000), >= 1
  std::uint64_t max_bytes = 0;                    // bound on key + value bytes in total; 0 = none
  std::chrono::milliseconds default_ttl{60'000};  // used when put() is given ttl <= 0 (seed L1: 60 s)
  std::size_t shards = 16;                        // lock shards, >= 1 (capped at capacity)
  double ttl_jitter = 0.10;                       // +/- fraction of the TTL, in [0, 1)
  std::string redis_url;                          // redis: e.g. redis://127.0.0.1:6379/0
  pool_options pool;                              // redis: connection pool
  double semantic_threshold = 0.86;               // semantic: cosine similarity for a hit
  std::size_t embedding_dim = 384;                // semantic: dimension of cache_key::embedding
};

}  // namespace ragbench::server
