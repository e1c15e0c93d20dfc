#pragma once
// A Prometheus histogram with fixed upper bounds, sharded per thread: observe() touches only the
// calling thread's cache lines; snapshot() sums all shards at scrape time.
#include <chrono>
#include <cstdint>
#include <span>
#include <vector>

#include "server/metrics/thread_slot.hpp"

namespace ragbench::server {

// Default latency buckets in seconds (base unit), 0.5 ms .. 10 s.
std::vector<double> default_latency_buckets();

// What a histogram holds at one moment. cumulative[i] counts observations <= bounds[i];
// the last element (index bounds.size()) is the +Inf bucket and equals count.
struct histogram_snapshot {
  std::vector<double> bounds;
  std::vector<std::uint64_t> cumulative;
  double sum = 0;
  std::uint64_t count = 0;
};

class histogram {
 public:
  // bounds: finite, strictly increasing upper bounds (the +Inf bucket is implicit).
  // Throws std::invalid_argument otherwise.
  explicit histogram(std::vector<double> bounds = default_latency_buckets());
  histogram(const histogram&) = delete;
  histogram& operator=(const histogram&) = delete;

  // Records one value (in the metric's base unit, e.g. seconds). NaN is ignored.
  // Thread-safe, lock-free; cost: a binary search over the bounds plus two uncontended atomic
  // updates on this thread's cache lines.
  void observe(double value);
  // Records a duration in seconds.
  void observe(std::chrono::nanoseconds d) { observe(static_cast<double>(d.count()) * 1e-9); }

  // Consistent-enough view for exposition: count is derived from the buckets, so _count always
  // equals the +Inf bucket. Thread-safe; O(shards * buckets).
  histogram_snapshot snapshot() const;

  std::span<const double> bounds() const { return bounds_; }

 private:
  std::atomic<std::uint64_t>& slot(std::size_t shard, std::size_t index);
  const std::atomic<std::uint64_t>& slot(std::size_t shard, std::size_t index) const;

  std::vector<double> bounds_;
  std::size_t slots_per_shard_;  // bounds + 1 (+Inf) + 1 (sum, stored as double bits)
  std::size_t lines_per_shard_;
  std::vector<cache_line_cells> lines_;
};

}  // namespace ragbench::server
