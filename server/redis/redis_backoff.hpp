#pragma once
// Health of a Redis-backed component that fails open: after a failure it is unhealthy and skips Redis
// for a back-off (100 ms, doubling to 5 s on each failed probe), then lets one call through as a
// probe; a success makes it healthy again. failure_epoch() moves on every failure, so a connection
// opened before it (tagged with an older epoch) can be pinged before reuse.
// Used by the Redis cache tier and the Redis rate limiter.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "common/clock.hpp"
#include "server/pool/connection_pool.hpp"
#include "server/redis/redis_connection.hpp"
#include "server/redis/redis_url.hpp"

namespace ragbench::server {

// Thread-safe. `clock` must outlive it.
class redis_backoff {
 public:
  static constexpr std::chrono::milliseconds first_backoff{100};
  static constexpr std::chrono::milliseconds max_backoff{5000};

  explicit redis_backoff(const clock_source& clock) : clock_(clock) {}

  // true when Redis may be tried now: healthy, or the back-off is over (then this call is the probe
  // and the next probe waits another back-off).
  bool may_try();
  // A call failed. Starts the back-off when healthy, doubles it when the probe failed; a call that was
  // already under way when Redis failed changes nothing.
  void on_failure();
  void on_success();

  // A connection opened (tagged) before the last failure may be dead: pings it once and tags it with
  // the current epoch. false = it did not answer (mark its lease broken and take another).
  bool ready(redis_connection& connection, std::chrono::milliseconds timeout) const;

  bool healthy() const { return healthy_.load(std::memory_order_relaxed); }
  std::uint64_t failure_epoch() const { return failure_epoch_.load(); }

 private:
  const clock_source& clock_;
  std::atomic<bool> healthy_{true};
  std::atomic<std::uint64_t> failure_epoch_{0};
  std::mutex mutex_;
  clock_source::time_point retry_at_{};
  std::chrono::milliseconds backoff_{0};
  bool probing_ = false;  // a probe was let through while unhealthy
};

// The connection pool of a fail-open Redis user (the cache tier, the rate limiter): `options` with the
// acquire timeout cut to `command_timeout` (waiting longer for a connection than a command may take is
// worse than skipping Redis), each new connection tagged with `backoff`'s failure epoch (see ready()).
// `name` labels the pool's metrics; `url` and `backoff` must outlive the pool.
std::unique_ptr<connection_pool> make_redis_pool(std::string name, pool_options options, const redis_url& url,
                                                 std::chrono::milliseconds command_timeout,
                                                 const redis_backoff& backoff, const clock_source& clock);

}  // namespace ragbench::server
