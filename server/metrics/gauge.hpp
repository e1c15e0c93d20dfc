#pragma once
// A value that goes up and down (Prometheus TYPE gauge). Not sharded: a gauge is a single current
// value, so it is meant for state changes (pool size, queue depth), not for per-request updates.
// For sizes that can be read cheaply at scrape time prefer metrics_registry::add_callback_gauge.
#include <atomic>

namespace ragbench::server {

class gauge {
 public:
  gauge() = default;
  gauge(const gauge&) = delete;
  gauge& operator=(const gauge&) = delete;

  // All operations are thread-safe and lock-free; inc/dec are one atomic read-modify-write.
  void set(double v) { value_.store(v, std::memory_order_relaxed); }
  void inc(double d = 1) { value_.fetch_add(d, std::memory_order_relaxed); }
  void dec(double d = 1) { value_.fetch_sub(d, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

}  // namespace ragbench::server
