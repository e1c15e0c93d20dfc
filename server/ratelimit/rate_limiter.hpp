#pragma once
// The rate-limit bucket store, a strategy kind: `memory` (in-process, sharded, bounded) or `redis`
// (one atomic Lua script per check, so several ragserver processes share the buckets). The policy
// (which class, what limit, who the client is) is the caller's; a limiter only keeps buckets.
// Strategies are chosen by name in rate_limiter_factory.cpp.
#include <cstdint>
#include <string>
#include <string_view>

#include "server/pool/pooled_backend.hpp"
#include "server/ratelimit/endpoint_class.hpp"
#include "server/ratelimit/rate_limit.hpp"
#include "server/ratelimit/token_bucket.hpp"

namespace ragbench::server {

// allowed / limited: the bucket said so. error: the bucket could not be read (its store is down);
// the request is let through (fail open) and counted.
enum class limit_outcome { allowed, limited, error };

struct limit_decision {
  limit_outcome outcome = limit_outcome::allowed;
  bucket_verdict verdict;  // meaningful for allowed and limited
};

class rate_limiter {
 public:
  virtual ~rate_limiter() = default;
  // Takes one token from the bucket of (cls, client) under `limit` (enabled). `client` is
  // identity_hash() of the client. Thread-safe; never throws. Cost: memory O(1) under a shard
  // lock; redis one round trip (call it where blocking is fine: see may_block()).
  virtual limit_decision check(endpoint_class cls, const rate_limit& limit, std::uint64_t client) = 0;
  // True when check() may block on the network (run it off the I/O threads).
  virtual bool may_block() const = 0;
  // False while the backend is unreachable (checks fail open); /health/detailed says "degraded".
  virtual bool healthy() const = 0;
  virtual std::string_view name() const = 0;
  // One line for /health/detailed ("1234 buckets of at most 100000").
  virtual std::string describe() const = 0;
  // The role of a limiter that owns connection pools (redis), or nullptr.
  virtual pooled_backend* pooled() { return nullptr; }
};

}  // namespace ragbench::server
