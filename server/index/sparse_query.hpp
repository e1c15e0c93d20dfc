#pragma once
// A query vector as its nonzero components, and the rule that decides when a query is sparse.
// Feature-hashing queries are sparse (a short question sets ~10 of 384 dimensions); the indexes
// answer those exactly from a column_store, reading only the query's dimensions.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace ragbench::server {

struct sparse_entry {
  std::uint32_t dimension;
  float value;
};

class sparse_query {
 public:
  // The planner's threshold: a query with at most this many nonzeros is sparse. Past D/8 (a
  // pasted paragraph) a column scan reads as much as a row scan, so such queries stay dense.
  static constexpr std::size_t max_nonzeros(std::size_t dimension) { return dimension / 8; }
  // The nonzeros of `dense`, or nullopt when it has more than max_nonzeros of them.
  // O(dense.size()); allocates 8 bytes per nonzero.
  static std::optional<sparse_query> encode(std::span<const float> dense, std::size_t max_nonzeros);
  // By increasing dimension.
  std::span<const sparse_entry> nonzeros() const { return entries_; }

 private:
  std::vector<sparse_entry> entries_;
};

}  // namespace ragbench::server
