#pragma once
// A monotonically increasing integer counter (Prometheus TYPE counter), sharded per thread.
#include <array>
#include <cstdint>

#include "server/metrics/thread_slot.hpp"

namespace ragbench::server {

class counter {
 public:
  counter() = default;
  counter(const counter&) = delete;
  counter& operator=(const counter&) = delete;

  // Adds n. Thread-safe, lock-free, cost: one uncontended relaxed atomic add on this thread's cell.
  void inc(std::uint64_t n = 1) {
    cells_[this_thread_shard()].value[0].fetch_add(n, std::memory_order_relaxed);
  }

  // Sum over all shards. Thread-safe; O(k_metric_shards); concurrent increments may or may not be seen.
  std::uint64_t value() const;

 private:
  std::array<cache_line_cells, k_metric_shards> cells_;
};

}  // namespace ragbench::server
