#pragma once
// The cache strategy interface: the query path (look up, store, invalidate). Implementations:
// none, lru, redis, semantic (one file each), chosen by name in cache_factory.cpp; tiered_cache
// and instrumented_cache compose them. Counters and health are a separate role (cache_status.hpp),
// connection pools another (pool/pooled_backend.hpp). Values are opaque strings (serialised answers).
#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace ragbench::server {

// A lookup key: the exact text key (query + filters + parameters, already normalised) and,
// for strategies that match by meaning (semantic), the query's embedding (L2-normalised) and
// `scope`, the non-query part of `text` (parameters such as k and filters) that a match by
// meaning must equal exactly. `embedding` and `scope` may be empty; exact-match strategies
// ignore both (they are already part of `text`).
struct cache_key {
  std::string_view text;
  std::span<const float> embedding;
  std::string_view scope{};
};

// A successful lookup: the value and the tier that answered ("lru", "redis", "semantic", ...).
// `tier` names a string with static storage or one owned by the cache (valid while it lives).
struct cache_hit {
  std::string value;
  std::string_view tier;
};

class cache {
 public:
  virtual ~cache() = default;
  // The stored value when present and not expired, with the tier that answered: a single
  // strategy answers as name(), a tiered cache as the tier that held the value. Thread-safe.
  virtual std::optional<cache_hit> lookup(const cache_key& key) = 0;
  // Stores `value` for `ttl` (implementations may add jitter). Thread-safe.
  virtual void put(const cache_key& key, std::string value, std::chrono::milliseconds ttl) = 0;
  // Drops every entry (documents changed, so cached answers may be stale). Thread-safe.
  virtual void invalidate_all() = 0;
  // Strategy name as chosen on the command line: "none", "lru", ...; "tiered" for a tier list.
  virtual std::string_view name() const = 0;

  // lookup() without the tier.
  std::optional<std::string> get(const cache_key& key) {
    auto hit = lookup(key);
    if (!hit) return std::nullopt;
    return std::move(hit->value);
  }
};

}  // namespace ragbench::server
