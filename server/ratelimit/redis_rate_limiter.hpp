#pragma once
// The `redis` limiter: every bucket lives in Redis under `ragbench:ratelimit:<class>:<16 hex digits
// of the client key>` (a string holding the GCRA state, token_bucket.hpp) with a PX expiry at the
// moment it is full again, so idle buckets vanish by themselves. Each check is one EVALSHA of a Lua
// script that reads the state, applies the arithmetic with Redis' own TIME (one clock for every
// ragserver instance) and writes it back, atomically; a NOSCRIPT reply (Redis restarted, SCRIPT
// FLUSH) falls back to EVAL, which also caches the script again. So several ragservers sharing one
// Redis enforce one limit per client between them.
//
// Failure behaviour: any Redis or connection error makes the check `error` (the request is let
// through: fail open) and the limiter unhealthy; it then skips Redis for a back-off (100 ms,
// doubling to 5 s) and lets one check probe it again. Commands time out after
// min(pool.connect_timeout, 1 s); waiting for a pooled connection is bounded the same way.
#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "common/clock.hpp"
#include "server/pool/connection_pool.hpp"
#include "server/ratelimit/rate_limiter.hpp"
#include "server/redis/redis_backoff.hpp"
#include "server/redis/redis_url.hpp"

namespace ragbench::server {

class redis_connection;

class redis_rate_limiter final : public rate_limiter, public pooled_backend {
 public:
  // Throws std::invalid_argument for a bad URL or pool options. Nothing connects here. `clock`
  // (for the back-off only; buckets use Redis' TIME) must outlive the limiter.
  redis_rate_limiter(const std::string& redis_url, const pool_options& pool, const clock_source& clock);
  ~redis_rate_limiter() override;

  limit_decision check(endpoint_class cls, const rate_limit& limit, std::uint64_t client) override;
  bool may_block() const override { return true; }
  bool healthy() const override { return backoff_.healthy(); }
  std::string_view name() const override { return "redis"; }
  std::string describe() const override;
  pooled_backend* pooled() override { return this; }

  // One pool, named "redis_ratelimit".
  std::vector<pool_snapshot> pools() const override { return {pool_->snapshot()}; }
  void observe_pool_acquire(pool_acquire_observer observer) override { pool_->observe_acquire(std::move(observer)); }
  void maintain_pools() override { pool_->maintain(); }

  // The Lua script and the Redis key of a bucket (public for tests).
  static const std::string& script();
  static std::string bucket_key(endpoint_class cls, std::uint64_t client);

 private:
  limit_decision run_script(redis_connection& connection, endpoint_class cls, const rate_limit& limit,
                            std::uint64_t client);
  void on_failure();  // counts it, then backoff_.on_failure()

  const clock_source& clock_;
  redis_url url_;
  std::chrono::milliseconds command_timeout_;
  std::unique_ptr<connection_pool> pool_;
  std::string script_sha_;

  redis_backoff backoff_;
  std::atomic<std::uint64_t> failures_{0}, noscript_reloads_{0};
};

}  // namespace ragbench::server
