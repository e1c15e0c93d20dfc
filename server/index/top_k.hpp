#pragma once
// A bounded selection of the k best search hits, used by exact (scan) searches.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "server/index/vector_index.hpp"

namespace ragbench::server {

// Keeps the k best (score, id) pairs pushed so far; ties go to the smaller id so results are
// deterministic. push is O(log k), and one inlined compare for a hit worse than all k kept
// (most pushes of a scan); not thread-safe (one per search call).
class top_k {
 public:
  explicit top_k(std::size_t k) : k_(k) { heap_.reserve(k); }
  void push(std::uint64_t id, float score) {
    if (heap_.size() == k_ && (k_ == 0 || score < heap_.front().score)) return;
    push_kept(id, score);
  }
  // The kept hits, best first; leaves this object empty.
  std::vector<search_hit> take_results();

 private:
  void push_kept(std::uint64_t id, float score);
  std::size_t k_;
  std::vector<search_hit> heap_;  // heap whose front is the worst kept hit
};

}  // namespace ragbench::server
