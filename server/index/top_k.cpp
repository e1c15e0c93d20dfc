// Bounded top-k selection over a std heap whose front is the worst kept hit.
#include "server/index/top_k.hpp"

#include <algorithm>
#include <utility>

namespace ragbench::server {
namespace {

bool better(const search_hit& a, const search_hit& b) {
  return a.score > b.score || (a.score == b.score && a.id < b.id);
}

}  // namespace

void top_k::push_kept(std::uint64_t id, float score) {
  const search_hit hit{id, score};
  if (heap_.size() < k_) {
    heap_.push_back(hit);
    std::push_heap(heap_.begin(), heap_.end(), better);
  } else if (better(hit, heap_.front())) {
    std::pop_heap(heap_.begin(), heap_.end(), better);
    heap_.back() = hit;
    std::push_heap(heap_.begin(), heap_.end(), better);
  }
}

std::vector<search_hit> top_k::take_results() {
  std::sort_heap(heap_.begin(), heap_.end(), better);
  return std::exchange(heap_, {});
}

}  // namespace ragbench::server
