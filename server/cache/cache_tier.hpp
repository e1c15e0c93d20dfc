#pragma once
// One cache strategy seen through its roles: the query path (owned), its counters and health,
// and its connection pools when it has any. Whoever builds a tier knows the concrete type, so
// nobody needs a cast later to find a role (the factory, tests composing tiers by hand).
#include <memory>
#include <string_view>
#include <type_traits>

#include "server/cache/cache.hpp"
#include "server/cache/cache_status.hpp"
#include "server/pool/pooled_backend.hpp"

namespace ragbench::server {

struct cache_tier {
  std::unique_ptr<cache> data;           // the query path; may be a decorator over the strategy
  const cache_status* status = nullptr;  // the strategy's counters and health (owned via `data`)
  pooled_backend* pooled = nullptr;      // its connection pools; null for in-process strategies

  std::string_view name() const { return data->name(); }
  // A tier with network connections may block a lookup on I/O (pool acquisition, round trips),
  // so its lookups must not run on an I/O thread.
  bool may_block() const { return pooled != nullptr; }
};

// The tier of a strategy object: `s` provides both roles; pooled when it is a pooled_backend.
template <class strategy>
cache_tier as_cache_tier(std::unique_ptr<strategy> s) {
  static_assert(std::is_base_of_v<cache, strategy> && std::is_base_of_v<cache_status, strategy>,
                "a cache strategy implements cache and cache_status");
  cache_tier t;
  t.status = s.get();
  if constexpr (std::is_base_of_v<pooled_backend, strategy>) t.pooled = s.get();
  t.data = std::move(s);
  return t;
}

}  // namespace ragbench::server
