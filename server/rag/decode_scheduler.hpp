#pragma once
// The decode slots of the simulated inference server: at most `slots` requests generate at once,
// up to `queue_max` more wait for a slot in arrival order, and admission is refused beyond that
// (the route answers 503). This is what makes time to first token grow when the server is
// saturated, as it does on vLLM or TGI when their batch is full. slots 0 = unlimited: every
// request is granted at admission and nothing ever queues (the default; no lock is taken then).
//
// The scheduler knows nothing of timers or executors: a ticket's grant callback runs on the
// thread that freed the slot, and the caller moves it onto its own executor. Times come from a
// clock_source, so queue waits are exact under a fake clock in tests.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>

#include "common/clock.hpp"

namespace ragbench::server {

class decode_scheduler {
 public:
  using time_point = clock_source::time_point;
  class ticket;

  // `clock` must outlive the scheduler; every ticket must be destroyed before it.
  decode_scheduler(std::size_t slots, std::size_t queue_max, const clock_source& clock);
  decode_scheduler(const decode_scheduler&) = delete;
  decode_scheduler& operator=(const decode_scheduler&) = delete;

  // Admits one request, stamped with clock.now(): a granted ticket when a slot is free, a
  // waiting ticket when fewer than queue_max wait, nullptr (counted in rejected()) otherwise.
  // Thread-safe; O(1); with unlimited slots one relaxed atomic increment.
  std::shared_ptr<ticket> admit();

  std::size_t slots() const { return slots_; }          // 0 = unlimited
  std::size_t queue_max() const { return queue_max_; }
  // Current figures for /metrics. Thread-safe.
  std::size_t in_use() const;   // granted tickets not yet released
  std::size_t queued() const;   // tickets waiting for a slot
  std::uint64_t rejected() const;

 private:
  friend class ticket;
  // Frees t's slot or queue place; returns the grant callback of the waiter that got the slot
  // (to be run by the caller outside the lock), or an empty function.
  std::function<void()> release(ticket& t);

  const std::size_t slots_;
  const std::size_t queue_max_;
  const clock_source& clock_;
  mutable std::mutex mutex_;
  std::list<ticket*> waiting_;  // FIFO
  std::size_t granted_ = 0;     // bounded mode only, under mutex_
  std::atomic<std::size_t> unlimited_in_use_{0};
  std::atomic<std::uint64_t> rejected_{0};
};

// One admitted request's claim on a slot. Releasing it (release() or destruction) frees the slot
// or the queue place; the next waiter, if any, is granted at that moment.
class decode_scheduler::ticket {
 public:
  ~ticket();
  ticket(const ticket&) = delete;
  ticket& operator=(const ticket&) = delete;

  // Registers the callback for the grant; call at most once. Runs `fn` at once on this thread
  // when the slot is already granted, otherwise later on the thread whose release freed the
  // slot (keep it short: post to an executor). Never runs after release().
  void on_grant(std::function<void()> fn);
  // Gives the slot (or the queue place) back. Idempotent; thread-safe.
  void release();

  bool granted() const;
  time_point admitted_at() const { return admitted_at_; }
  // granted_at - admitted_at (zero when granted at admission); nullopt while waiting, and for a
  // ticket released before it was granted.
  std::optional<std::chrono::nanoseconds> queue_wait() const;

 private:
  friend class decode_scheduler;
  enum class state { waiting, granted, released };
  ticket(decode_scheduler& owner, time_point admitted_at, state s);

  decode_scheduler& owner_;
  const time_point admitted_at_;
  std::optional<time_point> granted_at_;
  state state_;
  std::function<void()> on_grant_;
  std::list<ticket*>::iterator place_;  // in owner_.waiting_ while waiting
};

}  // namespace ragbench::server
