#pragma once
// Vectors stored dimension-major: one contiguous, slot-indexed float column per dimension. An
// exact search for a query with few nonzeros reads only those columns (~9 of 384 for a short
// question), so it beats both a row scan and an HNSW graph walk at the sizes ragserver holds.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "server/index/sparse_query.hpp"
#include "server/index/vector_index.hpp"

namespace ragbench::server {

// Not thread-safe: the owning index's lock serialises writers against readers. Concurrent
// top_k() calls (const, no shared scratch) are safe.
class column_store {
 public:
  // Throws std::invalid_argument when dimension is 0.
  explicit column_store(std::size_t dimension, std::size_t initial_capacity = 0);

  // Adds `id` at slot size() or overwrites its slot when present; returns the slot. vec.size()
  // must equal dimension() (checked by the caller). Amortised O(D); growth copies every column.
  std::size_t add(std::uint64_t id, std::span<const float> vec);
  // Swap-remove: the vector in the last slot moves into the freed slot (owners that keep
  // per-slot data mirror the move). Returns the freed slot, nullopt for an unknown id. O(D).
  std::optional<std::size_t> remove(std::uint64_t id);
  // The exact k best vectors by inner product with the query given by its nonzeros, best first
  // (ties to the smaller id, as top_k). O(size * nonzeros + size log k); allocation-free apart
  // from the result.
  std::vector<search_hit> top_k(std::span<const sparse_entry> nonzeros, std::size_t k) const;

  std::size_t size() const { return ids_.size(); }
  std::size_t dimension() const { return dimension_; }
  std::uint64_t id_at(std::size_t slot) const { return ids_[slot]; }
  // Bytes held: the columns at their capacity plus the id <-> slot maps.
  std::size_t memory_bytes() const;

 private:
  void grow(std::size_t min_capacity);
  float* column(std::size_t d) { return columns_.get() + d * capacity_; }
  const float* column(std::size_t d) const { return columns_.get() + d * capacity_; }

  std::size_t dimension_;
  std::size_t capacity_ = 0;              // slots per column
  std::unique_ptr<float[]> columns_;      // column d holds slots [d*capacity_, d*capacity_ + size())
  std::vector<std::uint64_t> ids_;        // id of slot i
  std::unordered_map<std::uint64_t, std::size_t> slot_of_;
};

}  // namespace ragbench::server
