#pragma once
// Per-thread sharding for hot-path metrics: each thread gets a small stable slot number the first
// time it touches a metric, and counters/histograms keep one cache-line-padded cell per shard.
// With at most k_metric_shards threads in the process no two threads share a cell, so an increment
// is an uncontended relaxed atomic add on a line the thread already owns.
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace ragbench::server {

// Number of cells per counter / histogram series. More threads than this simply share cells
// (still correct, only slightly contended).
inline constexpr std::size_t k_metric_shards = 16;

// One 64-byte line holding 8 counters; arrays of these never share a line between shards.
struct alignas(64) cache_line_cells {
  std::atomic<std::uint64_t> value[8] = {};
};

// The calling thread's shard index in [0, k_metric_shards). Thread-safe, cost: one thread_local read.
inline std::size_t this_thread_shard() {
  // The slot dispenser is the one piece of process-wide state here; it only ever hands out numbers.
  static std::atomic<std::size_t> next_slot{0};
  thread_local const std::size_t slot = next_slot.fetch_add(1, std::memory_order_relaxed);
  return slot % k_metric_shards;
}

}  // namespace ragbench::server
