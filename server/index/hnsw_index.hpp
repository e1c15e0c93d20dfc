#pragma once
// Approximate nearest-neighbour index over hnswlib 0.6.2 (HNSW graph, inner-product space).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "server/index/column_store.hpp"
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
//
// Query planner: beside the graph the index keeps a column_store (a dimension-major copy of the
// live vectors, D * 4 bytes per vector more). A query with at most D/8 nonzeros
// (sparse_query::max_nonzeros; feature-hashing questions have ~10 of 384) is answered EXACTLY
// from it, reading only its nonzero dimensions: at 10 000 corpus chunks ~20 µs per search with
// recall 1, against ~117 µs and 0.957 through the graph (bench/index_bench.cpp). Denser
// queries take the graph (approximate), or an exact scan below full_scan_threshold live
// vectors. Writes update both under the exclusive lock.
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
  // Top-k, best first. Exact for a sparse query (at most D/8 nonzeros; O(n * nonzeros)) and
  // below full_scan_threshold live vectors; otherwise approximate (the graph), and may then
  // return fewer than k when many vectors are deleted. Throws std::invalid_argument on a wrong
  // size.
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
  column_store columns_;  // the live vectors again, for sparse queries; size() is the live count
};

}  // namespace ragbench::server
