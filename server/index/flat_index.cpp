// Brute-force index: one contiguous float array, the CPU's fastest dot product, a bounded heap.
#include "server/index/flat_index.hpp"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <stdexcept>
#include <string>

#include "server/index/dot_product.hpp"
#include "server/index/top_k.hpp"

namespace ragbench::server {
namespace {

void check_dimension(std::size_t got, std::size_t want, const char* what) {
  if (got != want) {
    throw std::invalid_argument(std::string(what) + ": vector has " + std::to_string(got) +
                                " dimensions, index has " + std::to_string(want));
  }
}

void check_finite(std::span<const float> vec, const char* what) {
  if (!std::all_of(vec.begin(), vec.end(), [](float v) { return std::isfinite(v); })) {
    throw std::invalid_argument(std::string(what) + ": vector has a NaN or infinite component");
  }
}

}  // namespace

flat_index::flat_index(std::size_t dimension, std::size_t initial_capacity) : dimension_(dimension) {
  if (dimension_ == 0) throw std::invalid_argument("index option 'dimension' must be >= 1");
  data_.reserve(initial_capacity * dimension_);
  ids_.reserve(initial_capacity);
  slot_of_.reserve(initial_capacity);
}

void flat_index::add(std::uint64_t id, std::span<const float> vec) {
  check_dimension(vec.size(), dimension_, "flat_index::add");
  check_finite(vec, "flat_index::add");
  std::unique_lock lock(mutex_);
  auto [it, inserted] = slot_of_.try_emplace(id, ids_.size());
  if (inserted) {
    data_.insert(data_.end(), vec.begin(), vec.end());
    ids_.push_back(id);
  } else {
    std::copy(vec.begin(), vec.end(), data_.begin() + static_cast<std::ptrdiff_t>(it->second * dimension_));
  }
}

void flat_index::remove(std::uint64_t id) {
  std::unique_lock lock(mutex_);
  auto it = slot_of_.find(id);
  if (it == slot_of_.end()) return;
  const std::size_t slot = it->second;
  const std::size_t last = ids_.size() - 1;
  if (slot != last) {
    std::copy_n(data_.begin() + static_cast<std::ptrdiff_t>(last * dimension_), dimension_,
                data_.begin() + static_cast<std::ptrdiff_t>(slot * dimension_));
    ids_[slot] = ids_[last];
    slot_of_[ids_[slot]] = slot;
  }
  ids_.pop_back();
  data_.resize(last * dimension_);
  slot_of_.erase(it);
}

std::vector<search_hit> flat_index::search(std::span<const float> query, std::size_t k) const {
  check_dimension(query.size(), dimension_, "flat_index::search");
  std::shared_lock lock(mutex_);
  top_k best(std::min(k, ids_.size()));
  const dot_product_fn dot = dot_product_kernel_for_cpu().dot;
  const float* row = data_.data();
  for (std::size_t i = 0; i < ids_.size(); ++i, row += dimension_) {
    best.push(ids_[i], dot(query.data(), row, dimension_));
  }
  return best.take_results();
}

std::size_t flat_index::size() const {
  std::shared_lock lock(mutex_);
  return ids_.size();
}

std::size_t flat_index::memory_bytes() const {
  std::shared_lock lock(mutex_);
  return data_.capacity() * sizeof(float) + ids_.capacity() * sizeof(std::uint64_t) +
         slot_of_.size() * (sizeof(std::uint64_t) * 2 + 2 * sizeof(void*)) +
         slot_of_.bucket_count() * sizeof(void*);
}

}  // namespace ragbench::server
