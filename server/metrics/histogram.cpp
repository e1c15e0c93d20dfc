// Sharded fixed-bucket histogram: per-thread cells, summed and made cumulative at scrape time.
#include "server/metrics/histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>

namespace ragbench::server {

std::vector<double> default_latency_buckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

histogram::histogram(std::vector<double> bounds) : bounds_(std::move(bounds)) {
  for (std::size_t i = 0; i < bounds_.size(); ++i) {
    if (!std::isfinite(bounds_[i])) throw std::invalid_argument("histogram bucket bounds must be finite");
    if (i > 0 && !(bounds_[i] > bounds_[i - 1])) {
      throw std::invalid_argument("histogram bucket bounds must be strictly increasing");
    }
  }
  slots_per_shard_ = bounds_.size() + 2;
  lines_per_shard_ = (slots_per_shard_ + 7) / 8;
  lines_ = std::vector<cache_line_cells>(lines_per_shard_ * k_metric_shards);
}

std::atomic<std::uint64_t>& histogram::slot(std::size_t shard, std::size_t index) {
  return lines_[shard * lines_per_shard_ + index / 8].value[index % 8];
}

const std::atomic<std::uint64_t>& histogram::slot(std::size_t shard, std::size_t index) const {
  return lines_[shard * lines_per_shard_ + index / 8].value[index % 8];
}

void histogram::observe(double value) {
  if (std::isnan(value)) return;
  const std::size_t shard = this_thread_shard();
  // First bound >= value ("le" is inclusive); past the end is the +Inf bucket.
  const auto bucket = static_cast<std::size_t>(
      std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin());
  slot(shard, bucket).fetch_add(1, std::memory_order_relaxed);
  auto& sum = slot(shard, bounds_.size() + 1);
  std::uint64_t old_bits = sum.load(std::memory_order_relaxed);
  // Only this thread normally writes this shard, so the loop almost never retries.
  while (!sum.compare_exchange_weak(old_bits, std::bit_cast<std::uint64_t>(std::bit_cast<double>(old_bits) + value),
                                    std::memory_order_relaxed)) {
  }
}

histogram_snapshot histogram::snapshot() const {
  histogram_snapshot snap;
  snap.bounds = bounds_;
  snap.cumulative.assign(bounds_.size() + 1, 0);
  for (std::size_t shard = 0; shard < k_metric_shards; ++shard) {
    for (std::size_t i = 0; i <= bounds_.size(); ++i) {
      snap.cumulative[i] += slot(shard, i).load(std::memory_order_relaxed);
    }
    snap.sum += std::bit_cast<double>(slot(shard, bounds_.size() + 1).load(std::memory_order_relaxed));
  }
  for (std::size_t i = 1; i < snap.cumulative.size(); ++i) snap.cumulative[i] += snap.cumulative[i - 1];
  snap.count = snap.cumulative.back();
  return snap;
}

}  // namespace ragbench::server
