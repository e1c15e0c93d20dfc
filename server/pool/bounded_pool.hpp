#pragma once
// The "fixed" and "elastic" pool strategies: one bounded pool with FIFO waiters, configured by a
// policy. fixed = at most `max`, lazy open, never closed for being idle; elastic = keeps `min`,
// grows to `max`, then up to `max + overflow` (overflow connections close on release), idle
// connections above `min` close after idle_timeout. Both retire connections past max_lifetime
// (+/- lifetime_jitter) and ping a connection idle longer than preping_after before handing it out.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/pool/connection_pool.hpp"

namespace ragbench::server {

struct bounded_pool_policy {
  std::string strategy;                    // "fixed" | "elastic" (reported in the snapshot)
  std::size_t keep_min = 0;                // never closed for idleness; maintain() opens up to this
  std::size_t max = 1;                     // connections kept after release
  std::size_t overflow = 0;                // extra connections, closed on release
  std::chrono::milliseconds idle_timeout{0};  // 0 = idle connections are never closed
};

// Thread-safe. The pool lock is never held while connecting, pinging or closing. Waiters are
// served first come, first served (a queue; a newcomer never overtakes a waiter); a waiter gives up after acquire_timeout as
// measured by the pool's clock (checked at least every 10 ms, so a fake clock works too).
// acquire(): O(idle connections) under the lock (expiry scan) plus at most one connect or ping
// per attempt outside it.
class bounded_pool final : public connection_pool {
 public:
  // `clock` must outlive the pool. Throws std::invalid_argument for max 0, keep_min > max, or
  // lifetime_jitter outside [0, 1).
  bounded_pool(std::string name, bounded_pool_policy policy, const pool_options& options,
               connection_factory factory, const clock_source& clock);
  ~bounded_pool() override;

  pool_lease acquire() override;
  pool_snapshot snapshot() const override;
  void observe_acquire(pool_acquire_observer observer) override { observer_ = std::move(observer); }
  // Closes idle connections past idle_timeout / max_lifetime, then opens connections up to
  // keep_min (connect failures are counted as errors, not thrown).
  void maintain() override;

 protected:
  void give_back(std::unique_ptr<pooled_connection> connection, bool broken) override;

 private:
  using time_point = clock_source::time_point;
  struct meta {
    time_point retire_at;  // time_point::max() = never
  };
  struct idle_entry {
    std::unique_ptr<pooled_connection> connection;
    time_point idle_since;
    time_point retire_at;  // copied from open_meta_ so expiry scans need no lookups
  };
  // What a waiter at the head of the queue got: an idle connection (already counted as reused
  // unless it needs a ping first) or, with no connection, a reservation to connect.
  struct slot {
    std::unique_ptr<pooled_connection> connection;
    bool needs_ping = false;
  };

  slot wait_for_slot(time_point start, std::vector<std::unique_ptr<pooled_connection>>& to_close);
  void collect_expired_locked(time_point now, std::vector<std::unique_ptr<pooled_connection>>& out);
  void close_locked(const pooled_connection* connection);
  void wake_front_locked();
  // Opens a connection on a reservation already taken (open_/connecting_); no lock held. On
  // failure frees the reservation and throws pool_connect_error. for_use: count it as acquired.
  std::unique_ptr<pooled_connection> connect(bool for_use);
  time_point retire_time_locked(time_point now);
  std::size_t limit() const { return policy_.max + policy_.overflow; }

  std::string name_;
  bounded_pool_policy policy_;
  pool_options options_;
  connection_factory factory_;
  const clock_source& clock_;
  pool_acquire_observer observer_;

  mutable std::mutex mutex_;
  std::deque<idle_entry> idle_;                 // back = most recently released (reused first)
  std::unordered_map<const pooled_connection*, meta> open_meta_;
  // Waiting acquirers, front served first; each sleeps on its own condition variable so a
  // release wakes only the waiter that can use it.
  struct waiter {
    std::condition_variable wake;
  };
  std::deque<waiter*> queue_;
  std::size_t open_ = 0;                        // idle + in use + connecting (reservations)
  std::size_t connecting_ = 0;
  std::size_t in_use_ = 0;
  std::uint64_t created_ = 0, acquired_ = 0, reused_ = 0, timeouts_ = 0, errors_ = 0, closed_ = 0;
  std::mt19937_64 jitter_rng_{0x5eedULL};
};

}  // namespace ragbench::server
