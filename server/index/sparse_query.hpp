#pragma once
// A sparse encoding of a query vector for hnswlib's distance callback. Feature-hashing queries
// are sparse (a short question sets ~10 of 384 dimensions), so scoring a stored vector against
// the query's nonzeros alone reads ~10 floats instead of 384: hnsw searches ~35% faster.
//
// hnswlib passes the query pointer through to the distance function untouched, as its first
// argument; inserts and graph repairs pass dense vectors in the same place. The two are told
// apart by the first 32-bit word: an encoded query starts with a NaN bit pattern, which no
// stored or inserted vector may start with (indexes reject non-finite vectors).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "server/index/dot_product.hpp"

namespace ragbench::server {

class sparse_query {
 public:
  // The encoding of `dense`, or nullopt when it has more than max_nonzeros nonzero components
  // (a dense kernel is then as fast). O(dense.size()); allocates 8 bytes per nonzero.
  static std::optional<sparse_query> encode(std::span<const float> dense, std::size_t max_nonzeros);
  // The pointer to hand hnswlib as the query; valid while this object lives.
  const void* data() const { return words_.data(); }

 private:
  std::vector<std::uint32_t> words_;  // tag, count, then (index, value bits) pairs by index
};

// What query_distance needs besides the two vectors: hnswlib's dist_func_param.
struct query_distance_params {
  std::size_t dimension;
  dot_product_fn dense;  // the kernel for dense-dense pairs
};

// hnswlib DISTFUNC: 1 - a·b, where `a` is a dense vector of params->dimension floats or a
// sparse_query's data(), `b` is a dense vector and `params` a query_distance_params. Thread-safe.
float query_distance(const void* a, const void* b, const void* params);

}  // namespace ragbench::server
