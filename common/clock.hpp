#pragma once
// A clock interface so schedulers, TTLs and timeouts can be tested against a fake clock.
#include <atomic>
#include <chrono>

namespace ragbench {

// Monotonic time source. now() must be thread-safe and cheap (called per request).
class clock_source {
 public:
  using time_point = std::chrono::steady_clock::time_point;
  virtual ~clock_source() = default;
  virtual time_point now() const = 0;
};

// The real steady clock.
class steady_clock_source final : public clock_source {
 public:
  time_point now() const override { return std::chrono::steady_clock::now(); }
};

// A clock that only moves when told to; thread-safe.
class fake_clock final : public clock_source {
 public:
  time_point now() const override { return time_point(std::chrono::nanoseconds(ns_.load())); }
  void advance(std::chrono::nanoseconds d) { ns_.fetch_add(d.count()); }
  void set(time_point t) { ns_.store(t.time_since_epoch().count()); }

 private:
  std::atomic<long long> ns_{1'000'000'000};
};

}  // namespace ragbench
