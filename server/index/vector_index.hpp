#pragma once
// The vector index strategy interface: flat (exact) and hnsw (hnswlib). Vectors are
// L2-normalised by the embedder, so inner product equals cosine similarity.
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ragbench::server {

struct search_hit {
  std::uint64_t id;  // chunk id
  float score;       // cosine similarity, higher is closer
};

class vector_index {
 public:
  virtual ~vector_index() = default;
  // Adds or replaces the vector for `id`. vec.size() must equal dimension() and every component
  // be finite (std::invalid_argument otherwise). Thread-safe, including concurrently with search().
  virtual void add(std::uint64_t id, std::span<const float> vec) = 0;
  // Adds or replaces many vectors: ids[i] gets vectors[i*D .. (i+1)*D). May use up to `threads`
  // threads for the work (hnsw inserts in parallel); searches may wait for the whole batch, so
  // callers keep batches small (a few hundred). Same contract as add() otherwise. The default
  // adds one by one.
  virtual void add_batch(std::span<const std::uint64_t> ids, std::span<const float> vectors, std::size_t threads) {
    (void)threads;
    if (vectors.size() != ids.size() * dimension()) {
      throw std::invalid_argument("add_batch: " + std::to_string(vectors.size()) + " floats for " +
                                  std::to_string(ids.size()) + " ids of " + std::to_string(dimension()) + " dimensions");
    }
    for (std::size_t i = 0; i < ids.size(); ++i) add(ids[i], vectors.subspan(i * dimension(), dimension()));
  }
  // Removes `id` if present (later searches never return it). Thread-safe.
  virtual void remove(std::uint64_t id) = 0;
  // The k closest vectors, best first. Thread-safe and safe concurrently with add/remove.
  virtual std::vector<search_hit> search(std::span<const float> query, std::size_t k) const = 0;
  virtual std::size_t size() const = 0;
  virtual std::size_t dimension() const = 0;
  virtual std::string_view name() const = 0;
  // Approximate bytes held by the index (vectors + graph), for /metrics and memory budgets.
  virtual std::size_t memory_bytes() const = 0;
};

}  // namespace ragbench::server
