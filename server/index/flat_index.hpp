#pragma once
// Exact (brute-force) inner-product index over contiguous float storage, with a column copy for
// sparse queries.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "server/index/column_store.hpp"
#include "server/index/vector_index.hpp"
#include "server/index/writer_preferring_mutex.hpp"

namespace ragbench::server {

class flat_index final : public vector_index {
 public:
  // Throws std::invalid_argument when dimension is 0.
  explicit flat_index(std::size_t dimension, std::size_t initial_capacity = 0);

  // add: O(D) (amortised); replace in place when the id exists. remove: O(D) (swap with last).
  // search plans by the query: one with at most D/8 nonzeros (sparse_query::max_nonzeros) is
  // scored from the column copy on those dimensions only, O(n * nonzeros); any other is a row
  // scan, O(n D). Both are exact. Searches hold a shared lock; add/remove take it exclusively.
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
  column_store columns_;    // owns the id <-> slot maps; slots shared with data_
  std::vector<float> data_;  // rows: slot i holds floats [i*D, (i+1)*D)
};

}  // namespace ragbench::server
