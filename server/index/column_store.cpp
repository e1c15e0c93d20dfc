// Dimension-major vector storage and the sparse-query exact search over it. Scores are built a
// block of slots at a time in a stack buffer, so the accumulator stays in L1 while the query's
// columns stream past, then fed to a bounded heap that rejects most slots with one compare.
// The block loop has a fixed trip count so GCC vectorises it at -O2, and is cloned for AVX2
// (resolved once at load time); no FMA contraction (ISO mode), so every clone scores alike.
#include "server/index/column_store.hpp"

#include <algorithm>
#include <stdexcept>

#include "server/index/top_k.hpp"

namespace ragbench::server {
namespace {

constexpr std::size_t block_slots = 256;

// Not under ThreadSanitizer: the clones' ifunc resolver runs while the dynamic loader relocates the
// program, before the TSan runtime is up, and its instrumented code crashes there.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_THREAD__)
__attribute__((target_clones("avx2", "default")))
#endif
void add_scaled_block(float* __restrict acc, const float* __restrict column, float value) {
  for (std::size_t s = 0; s < block_slots; ++s) acc[s] += value * column[s];
}

}  // namespace

column_store::column_store(std::size_t dimension, std::size_t initial_capacity) : dimension_(dimension) {
  if (dimension_ == 0) throw std::invalid_argument("column_store: dimension must be >= 1");
  if (initial_capacity > 0) grow(initial_capacity);
  ids_.reserve(initial_capacity);
  slot_of_.reserve(initial_capacity);
}

void column_store::grow(std::size_t min_capacity) {
  const std::size_t capacity = std::max({min_capacity, capacity_ * 2, std::size_t{16}});
  // for_overwrite: pages past size() stay untouched (and out of RSS) until slots fill them.
  auto columns = std::make_unique_for_overwrite<float[]>(dimension_ * capacity);
  for (std::size_t d = 0; d < dimension_; ++d) {
    std::copy_n(column(d), ids_.size(), columns.get() + d * capacity);
  }
  columns_ = std::move(columns);
  capacity_ = capacity;
}

std::size_t column_store::add(std::uint64_t id, std::span<const float> vec) {
  auto found = slot_of_.find(id);
  std::size_t slot;
  if (found != slot_of_.end()) {
    slot = found->second;
  } else {
    if (ids_.size() == capacity_) grow(capacity_ + 1);
    slot = ids_.size();
    ids_.push_back(id);
    slot_of_.emplace(id, slot);
  }
  for (std::size_t d = 0; d < dimension_; ++d) column(d)[slot] = vec[d];
  return slot;
}

std::optional<std::size_t> column_store::remove(std::uint64_t id) {
  auto it = slot_of_.find(id);
  if (it == slot_of_.end()) return std::nullopt;
  const std::size_t slot = it->second;
  const std::size_t last = ids_.size() - 1;
  if (slot != last) {
    for (std::size_t d = 0; d < dimension_; ++d) column(d)[slot] = column(d)[last];
    ids_[slot] = ids_[last];
    slot_of_[ids_[slot]] = slot;
  }
  ids_.pop_back();
  slot_of_.erase(it);
  return slot;
}

std::vector<search_hit> column_store::top_k(std::span<const sparse_entry> nonzeros, std::size_t k) const {
  ragbench::server::top_k best(std::min(k, ids_.size()));
  if (k == 0) return best.take_results();
  alignas(64) float scores[block_slots];
  for (std::size_t begin = 0; begin < ids_.size(); begin += block_slots) {
    const std::size_t n = std::min(block_slots, ids_.size() - begin);
    std::fill_n(scores, n, 0.0f);
    for (const sparse_entry& e : nonzeros) {
      const float* col = column(e.dimension) + begin;
      if (n == block_slots) {
        add_scaled_block(scores, col, e.value);
      } else {
        for (std::size_t s = 0; s < n; ++s) scores[s] += e.value * col[s];
      }
    }
    for (std::size_t s = 0; s < n; ++s) best.push(ids_[begin + s], scores[s]);
  }
  return best.take_results();
}

std::size_t column_store::memory_bytes() const {
  return dimension_ * capacity_ * sizeof(float) + ids_.capacity() * sizeof(std::uint64_t) +
         slot_of_.size() * (sizeof(std::uint64_t) * 2 + 2 * sizeof(void*)) +
         slot_of_.bucket_count() * sizeof(void*);
}

}  // namespace ragbench::server
