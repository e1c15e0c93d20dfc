#pragma once
// Approximate nearest-neighbour index over hnswlib 0.6.2 (HNSW graph, inner-product space).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "server/index/vector_index.hpp"
#include "server/index/writer_preferring_mutex.hpp"

namespace ragbench::server {

// Defaults match index_options (see there for how they were chosen).
struct hnsw_options {
  std::size_t m = 24;                    // graph degree (hnswlib M), 2..1024
  std::size_t ef_construction = 200;     // candidate list while inserting, >= 1
  std::size_t ef_search = 150;           // candidate list while searching (max(ef_search, k) used)
  std::size_t full_scan_threshold = 1000;  // fewer live vectors than this: exact scan instead
  std::size_t initial_capacity = 1024;   // slots allocated up front; doubled when full
  std::uint64_t seed = 100;              // level generator seed (deterministic graphs)
};

// Concurrency: hnswlib 0.6.2's searchKnn is not safe concurrently with addPoint/resizeIndex/
// markDelete, and setEf() changes a member shared by all searches. So: ef is set once in the
// constructor and never changed; search() holds a shared lock; add/remove/resize hold it
// exclusively (writer-preferring, so a stream of searches cannot starve adds). Searches run in
// parallel with each other; writes are serialised.
// Removal marks the element deleted (hnswlib markDelete): its slot stays allocated and a
// re-add of the same id revives and updates it in place.
class hnsw_index final : public vector_index {
 public:
  // Throws std::invalid_argument naming the option on bad dimension or options.
  hnsw_index(std::size_t dimension, const hnsw_options& options);
  ~hnsw_index() override;
  hnsw_index(const hnsw_index&) = delete;
  hnsw_index& operator=(const hnsw_index&) = delete;

  // add: O(ef_construction * M * log n * D); throws std::invalid_argument on a wrong size or a
  // non-finite component.
  void add(std::uint64_t id, std::span<const float> vec) override;
  // add_batch: one exclusive lock for the batch; hnswlib inserts concurrently from `threads`
  // threads (its per-node locks make parallel addPoint safe; only search-vs-insert is not).
  void add_batch(std::span<const std::uint64_t> ids, std::span<const float> vectors, std::size_t threads) override;
  void remove(std::uint64_t id) override;
  // Approximate top-k (exact below full_scan_threshold live vectors), best first; may return
  // fewer than k when many vectors are deleted. A query with at most D/8 nonzeros is scored on
  // its nonzeros only (sparse_query.hpp). Throws std::invalid_argument on a wrong size.
  std::vector<search_hit> search(std::span<const float> query, std::size_t k) const override;
  std::size_t size() const override;
  std::size_t dimension() const override { return dimension_; }
  std::string_view name() const override { return "hnsw"; }
  std::size_t memory_bytes() const override;
  std::size_t capacity() const;

 private:
  struct impl;
  std::size_t dimension_;
  hnsw_options options_;
  mutable writer_preferring_mutex mutex_;  // searches shared, writes exclusive
  std::unique_ptr<impl> impl_;
};

}  // namespace ragbench::server
