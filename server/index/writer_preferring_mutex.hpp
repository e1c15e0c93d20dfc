#pragma once
// A reader/writer lock that does not starve writers. glibc's std::shared_mutex prefers readers:
// under a steady stream of searches an add() could wait forever. Here a waiting writer closes
// a turnstile that new readers must pass, so it gets in as soon as the current readers finish.
#include <mutex>
#include <shared_mutex>

namespace ragbench::server {

// Meets SharedMutex: use with std::unique_lock (writers) and std::shared_lock (readers).
// Cost for a reader: one uncontended mutex lock/unlock more than std::shared_mutex.
class writer_preferring_mutex {
 public:
  void lock() {
    std::lock_guard turnstile(turnstile_);
    rw_.lock();
  }
  bool try_lock() { return rw_.try_lock(); }
  void unlock() { rw_.unlock(); }
  void lock_shared() {
    { std::lock_guard turnstile(turnstile_); }  // blocks while a writer is waiting
    rw_.lock_shared();
  }
  bool try_lock_shared() { return rw_.try_lock_shared(); }
  void unlock_shared() { rw_.unlock_shared(); }

 private:
  std::mutex turnstile_;
  std::shared_mutex rw_;
};

}  // namespace ragbench::server
