#pragma once
// Exact (brute-force) inner-product index over contiguous float storage.
#include <cstddef>
#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "server/index/vector_index.hpp"
#include "server/index/writer_preferring_mutex.hpp"

namespace ragbench::server {

class flat_index final : public vector_index {
 public:
  // Throws std::invalid_argument when dimension is 0.
  explicit flat_index(std::size_t dimension, std::size_t initial_capacity = 0);

  // add: O(D) (amortised); replace in place when the id exists. remove: O(D) (swap with last).
  // search: O(n D) under a shared lock; add/remove take the lock exclusively.
  // add/search throw std::invalid_argument when the vector's size differs from dimension();
  // add also when a component is NaN or infinite.
  void add(std::uint64_t id, std::span<const float> vec) override;
  void remove(std::uint64_t id) override;
  std::vector<search_hit> search(std::span<const float> query, std::size_t k) const override;
  std::size_t size() const override;
  std::size_t dimension() const override { return dimension_; }
  std::string_view name() const override { return "flat"; }
  std::size_t memory_bytes() const override;

 private:
  std::size_t dimension_;
  mutable writer_preferring_mutex mutex_;  // searches shared, writes exclusive
  std::vector<float> data_;        // slot i holds floats [i*D, (i+1)*D)
  std::vector<std::uint64_t> ids_;  // id of slot i
  std::unordered_map<std::uint64_t, std::size_t> slot_of_;
};

}  // namespace ragbench::server
