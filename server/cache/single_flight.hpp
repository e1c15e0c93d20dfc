#pragma once
// Stampede protection: while one caller computes the value of a key, other callers of the same
// key wait for that result instead of computing it again (Go's singleflight, per key).
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace ragbench::server {

class single_flight {
 public:
  // Receives the outcome of a flight: ok = false when the computation failed (value is empty).
  using waiter = std::function<void(const std::string& value, bool ok)>;

  // Asynchronous use. Registers `on_done` for `key`. Returns true when the caller is the leader:
  // it must compute the value and then call complete(key, ...) exactly once. Returns false when a
  // flight for the key is already under way; `on_done` then runs when the leader completes.
  // Thread-safe; O(1) amortised under one mutex.
  bool join(const std::string& key, waiter on_done);

  // Ends the flight for `key`: forgets the key (a later join starts a new flight), then invokes
  // every registered waiter, the leader's included, on the calling thread and outside the lock.
  // A key with no flight is ignored. If waiters throw, all are still invoked and the first
  // exception is rethrown afterwards. Thread-safe.
  void complete(const std::string& key, const std::string& value, bool ok);

  // Blocking convenience: the first caller of a key runs `compute`; concurrent callers of the
  // same key block (condition variable) and return the leader's value. If `compute` throws, the
  // leader rethrows it and every follower waiting on that flight rethrows the same exception
  // object (no retry: a failing backend is not hammered by the followers). Async joiners of the
  // same key see ok = false. Thread-safe.
  std::string run(const std::string& key, const std::function<std::string()>& compute);

  // Number of keys with a flight under way (for tests and metrics). Thread-safe.
  std::size_t in_flight() const;
  // Number of waiters registered on the flight of `key` (0 when none). Thread-safe.
  std::size_t waiting(const std::string& key) const;

 private:
  struct flight {
    std::vector<waiter> waiters;
    std::exception_ptr error;  // set by a failing run() leader before its waiters are invoked
  };
  // Registers on_done; returns whether the caller leads, and the flight.
  std::pair<bool, std::shared_ptr<flight>> enlist(const std::string& key, waiter on_done);
  void finish(const std::string& key, const std::string& value, bool ok, std::exception_ptr error);

  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<flight>> flights_;
};

}  // namespace ragbench::server
