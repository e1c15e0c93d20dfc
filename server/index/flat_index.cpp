// Brute-force index: one contiguous float array, the CPU's fastest dot product, a bounded heap.
#include "server/index/flat_index.hpp"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <stdexcept>
#include <string>

#include "server/index/dot_product.hpp"
#include "server/index/sparse_query.hpp"
#include "server/index/top_k.hpp"
#include "server/index/vector_checks.hpp"

namespace ragbench::server {
flat_index::flat_index(std::size_t dimension, std::size_t initial_capacity)
    : dimension_(checked_dimension(dimension)), columns_(dimension_, initial_capacity) {
  data_.reserve(initial_capacity * dimension_);
}

void flat_index::add(std::uint64_t id, std::span<const float> vec) {
  check_dimension(vec.size(), dimension_, "flat_index::add");
  check_finite(vec, "flat_index::add");
  std::unique_lock lock(mutex_);
  const std::size_t slot = columns_.add(id, vec);
  if (slot * dimension_ == data_.size()) {
    data_.insert(data_.end(), vec.begin(), vec.end());
  } else {
    std::copy(vec.begin(), vec.end(), data_.begin() + static_cast<std::ptrdiff_t>(slot * dimension_));
  }
}

void flat_index::remove(std::uint64_t id) {
  std::unique_lock lock(mutex_);
  const auto slot = columns_.remove(id);
  if (!slot) return;
  const std::size_t last = columns_.size();  // the slot that moved into *slot
  if (*slot != last) {
    std::copy_n(data_.begin() + static_cast<std::ptrdiff_t>(last * dimension_), dimension_,
                data_.begin() + static_cast<std::ptrdiff_t>(*slot * dimension_));
  }
  data_.resize(last * dimension_);
}

std::vector<search_hit> flat_index::search(std::span<const float> query, std::size_t k) const {
  check_dimension(query.size(), dimension_, "flat_index::search");
  const auto sparse = sparse_query::encode(query, sparse_query::max_nonzeros(dimension_));
  std::shared_lock lock(mutex_);
  if (sparse) return columns_.top_k(sparse->nonzeros(), k);
  top_k best(std::min(k, columns_.size()));
  const dot_product_fn dot = dot_product_kernel_for_cpu().dot;
  const float* row = data_.data();
  for (std::size_t i = 0; i < columns_.size(); ++i, row += dimension_) {
    best.push(columns_.id_at(i), dot(query.data(), row, dimension_));
  }
  return best.take_results();
}

std::size_t flat_index::size() const {
  std::shared_lock lock(mutex_);
  return columns_.size();
}

std::size_t flat_index::memory_bytes() const {
  std::shared_lock lock(mutex_);
  return data_.capacity() * sizeof(float) + columns_.memory_bytes();
}

}  // namespace ragbench::server
