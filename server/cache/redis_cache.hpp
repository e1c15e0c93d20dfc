#pragma once
// The "redis" cache strategy (the L2 tier): answers stored in a shared Redis with a TTL (+ jitter),
// under versioned keys so invalidation is one INCR, and degraded to misses while Redis is down.
//
// Key layout: the current generation is the integer at `ragbench:answers:generation` (absent = 0);
// an entry lives at `ragbench:answers:g<generation>:<16 hex digits of key_hash(key text)>` and its
// value is `<key text length>:<key text><value>`, so a hash collision reads as a miss. lookup() reads
// the generation and the entry of the last generation it saw in one pipelined round trip (a second
// GET only right after the generation moved), so an invalidation by any process sharing the Redis
// makes every older entry unreachable at once; old entries expire by their TTL.
//
// Failure behaviour: any Redis or connection error makes the lookup a miss and drops the put
// (never an exception to the caller); the cache turns unhealthy and skips Redis entirely for a
// back-off (100 ms, doubling to 5 s), after which one request probes it again and on success it is
// healthy again. Connections that were open across a failure are pinged before reuse. An
// invalidate_all() that could not reach Redis is remembered and done first once it is back.
// Commands time out after min(pool.connect_timeout, 1 s), and a lookup waits at most that long for
// a pooled connection (min(pool.acquire_timeout, command timeout)): a busy pool means a miss.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "common/clock.hpp"
#include "server/cache/cache.hpp"
#include "server/cache/cache_status.hpp"
#include "server/cache/cache_options.hpp"
#include "server/pool/connection_pool.hpp"
#include "server/pool/pooled_backend.hpp"
#include "server/redis/redis_backoff.hpp"
#include "server/redis/redis_url.hpp"

namespace ragbench::server {

class redis_connection;

// Thread-safe. lookup/put cost one round trip to Redis (plus a pool acquisition), or nothing while
// backing off. Nothing connects at construction.
class redis_cache final : public cache, public cache_status, public pooled_backend {
 public:
  // Throws std::invalid_argument for an empty or bad redis_url, default_ttl <= 0, ttl_jitter
  // outside [0, 1), or bad pool options. `clock` must outlive the cache.
  redis_cache(const cache_options& options, const clock_source& clock);
  ~redis_cache() override;

  std::optional<cache_hit> lookup(const cache_key& key) override;
  // ttl <= 0 means options.default_ttl; stored with apply_ttl_jitter(key text, ttl, ttl_jitter).
  void put(const cache_key& key, std::string value, std::chrono::milliseconds ttl) override;
  // INCR of the generation key (shared by every process using the same Redis).
  void invalidate_all() override;
  std::string_view name() const override { return "redis"; }
  // entries, evictions and expirations are not tracked (Redis owns them): always 0.
  cache_stats stats() const override;
  bool healthy() const override { return backoff_.healthy(); }
  // One pool, named "redis".
  std::vector<pool_snapshot> pools() const override { return {pool_->snapshot()}; }
  void observe_pool_acquire(pool_acquire_observer observer) override;
  void maintain_pools() override { pool_->maintain(); }

  static constexpr std::string_view k_generation_key = "ragbench:answers:generation";
  // The Redis key of `key_text`'s entry in `generation`.
  static std::string entry_key(std::uint64_t generation, std::string_view key_text);

 private:
  template <class F>
  bool with_connection(F&& use);  // false when Redis was skipped or failed

  cache_options options_;
  const clock_source& clock_;
  redis_url url_;
  std::chrono::milliseconds command_timeout_;
  std::unique_ptr<connection_pool> pool_;

  std::atomic<std::uint64_t> generation_{0};     // last generation seen
  std::atomic<bool> pending_invalidate_{false};  // an INCR is owed to Redis
  redis_backoff backoff_;

  std::atomic<std::uint64_t> hits_{0}, misses_{0}, puts_{0};
};

}  // namespace ragbench::server
