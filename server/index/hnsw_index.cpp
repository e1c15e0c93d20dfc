// hnswlib behind a reader/writer lock: see the header for why searches and writes are split.
// Scores are 1 - hnswlib's inner-product distance, i.e. the dot product itself.
#include "server/index/hnsw_index.hpp"

#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_set>

#include "server/index/dot_product.hpp"
#include "server/index/sparse_query.hpp"
#include "server/index/top_k.hpp"
#include "server/index/vector_checks.hpp"

namespace ragbench::server {

namespace {

struct distance_params {
  std::size_t dimension;
  dot_product_fn dot;
};

float inner_product_distance(const void* a, const void* b, const void* params) {
  const auto& p = *static_cast<const distance_params*>(params);
  return 1.0f - p.dot(static_cast<const float*>(a), static_cast<const float*>(b), p.dimension);
}

// hnswlib's InnerProductSpace picks SSE/AVX by compile-time macros, so a portable build gets a
// 4-wide SSE loop with one accumulator; this space uses the kernel chosen for the running CPU.
class inner_product_space final : public hnswlib::SpaceInterface<float> {
 public:
  explicit inner_product_space(std::size_t dimension) : params_{dimension, dot_product_kernel_for_cpu().dot} {}
  std::size_t get_data_size() override { return params_.dimension * sizeof(float); }
  hnswlib::DISTFUNC<float> get_dist_func() override { return inner_product_distance; }
  void* get_dist_func_param() override { return &params_; }

 private:
  distance_params params_;
};

}  // namespace

struct hnsw_index::impl {
  impl(std::size_t dimension, const hnsw_options& o)
      : space(dimension), graph(&space, std::max<std::size_t>(o.initial_capacity, 1), o.m, o.ef_construction, o.seed) {
    graph.setEf(o.ef_search);
  }
  inner_product_space space;
  hnswlib::HierarchicalNSW<float> graph;
};

namespace {

const hnsw_options& checked_options(const hnsw_options& o) {
  if (o.m < 2 || o.m > 1024) {
    throw std::invalid_argument("hnsw option 'm' must be in 2..1024, got " + std::to_string(o.m));
  }
  if (o.ef_construction == 0) throw std::invalid_argument("hnsw option 'ef_construction' must be >= 1");
  if (o.ef_search == 0) throw std::invalid_argument("hnsw option 'ef_search' must be >= 1");
  if (o.initial_capacity > (std::size_t{1} << 32)) {
    throw std::invalid_argument("index option 'initial_capacity' must be <= 2^32");
  }
  return o;
}

}  // namespace

hnsw_index::hnsw_index(std::size_t dimension, const hnsw_options& options)
    : dimension_(checked_dimension(dimension)),
      options_(checked_options(options)),
      impl_(std::make_unique<impl>(dimension_, options_)),
      columns_(dimension_, options_.initial_capacity) {}

hnsw_index::~hnsw_index() = default;

void hnsw_index::add(std::uint64_t id, std::span<const float> vec) {
  check_dimension(vec.size(), dimension_, "hnsw_index::add");
  check_finite(vec, "hnsw_index::add");
  std::unique_lock lock(mutex_);
  auto& g = impl_->graph;
  auto found = g.label_lookup_.find(id);
  // A known id is replaced (and revived when deleted): hnswlib updates the vector and repairs
  // neighbours.
  if (found == g.label_lookup_.end() && g.cur_element_count >= g.max_elements_) {
    g.resizeIndex(std::max<std::size_t>(g.max_elements_ * 2, 16));
  }
  g.addPoint(vec.data(), id);
  columns_.add(id, vec);
}

void hnsw_index::add_batch(std::span<const std::uint64_t> ids, std::span<const float> vectors,
                           std::size_t threads) {
  if (vectors.size() != ids.size() * dimension_) {
    throw std::invalid_argument("hnsw_index::add_batch: " + std::to_string(vectors.size()) + " floats for " +
                                std::to_string(ids.size()) + " ids of " + std::to_string(dimension_) + " dimensions");
  }
  for (std::size_t i = 0; i < ids.size(); ++i) check_finite(vectors.subspan(i * dimension_, dimension_), "hnsw_index::add_batch");
  std::unique_lock lock(mutex_);
  auto& g = impl_->graph;
  std::size_t fresh = 0;
  for (auto id : ids) fresh += g.label_lookup_.contains(id) ? 0 : 1;
  if (g.cur_element_count + fresh > g.max_elements_) {
    g.resizeIndex(std::max<std::size_t>(g.max_elements_ * 2, g.cur_element_count + fresh));
  }
  // hnswlib 0.6.2 inserts new labels safely in parallel, but its update path (re-adding an
  // existing label, which rewires neighbours) races with concurrent inserts (AddressSanitizer
  // finds out-of-bounds link-list reads). So: new labels in parallel (each once: a label that
  // appears twice in the batch is inserted once, then updated), everything else afterwards on
  // this thread, in batch order.
  std::vector<std::size_t> parallel, serial;
  {
    std::unordered_set<std::uint64_t> seen;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      bool is_new = !g.label_lookup_.contains(ids[i]) && seen.insert(ids[i]).second;
      (is_new ? parallel : serial).push_back(i);
    }
  }
  threads = std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(1, parallel.size() / 32));
  std::atomic<std::size_t> next{0};
  auto insert = [&] {
    for (std::size_t k = next++; k < parallel.size(); k = next++) {
      g.addPoint(vectors.data() + parallel[k] * dimension_, ids[parallel[k]]);
    }
  };
  std::vector<std::thread> helpers;
  for (std::size_t t = 1; t < threads; ++t) helpers.emplace_back(insert);
  insert();
  for (auto& t : helpers) t.join();
  for (auto i : serial) g.addPoint(vectors.data() + i * dimension_, ids[i]);
  for (std::size_t i = 0; i < ids.size(); ++i) columns_.add(ids[i], vectors.subspan(i * dimension_, dimension_));
}

void hnsw_index::remove(std::uint64_t id) {
  std::unique_lock lock(mutex_);
  auto& g = impl_->graph;
  auto found = g.label_lookup_.find(id);
  if (found == g.label_lookup_.end() || g.isMarkedDeleted(found->second)) return;
  g.markDelete(id);
  columns_.remove(id);
}

std::vector<search_hit> hnsw_index::search(std::span<const float> query, std::size_t k) const {
  check_dimension(query.size(), dimension_, "hnsw_index::search");
  const auto sparse = sparse_query::encode(query, sparse_query::max_nonzeros(dimension_));
  std::shared_lock lock(mutex_);
  if (sparse) return columns_.top_k(sparse->nonzeros(), k);
  const auto& g = impl_->graph;
  k = std::min(k, columns_.size());
  if (k == 0) return {};
  if (columns_.size() < options_.full_scan_threshold) {
    top_k best(k);
    const dot_product_fn dot = dot_product_kernel_for_cpu().dot;
    for (std::size_t i = 0; i < g.cur_element_count; ++i) {
      const auto internal = static_cast<hnswlib::tableint>(i);
      if (g.isMarkedDeleted(internal)) continue;
      const auto* v = reinterpret_cast<const float*>(g.getDataByInternalId(internal));
      best.push(g.getExternalLabel(internal), dot(query.data(), v, dimension_));
    }
    return best.take_results();
  }
  auto heap = g.searchKnn(query.data(), k);  // worst first
  std::vector<search_hit> hits(heap.size());
  for (std::size_t i = heap.size(); i > 0; --i) {
    hits[i - 1] = {static_cast<std::uint64_t>(heap.top().second), 1.0f - heap.top().first};
    heap.pop();
  }
  return hits;
}

std::size_t hnsw_index::size() const {
  std::shared_lock lock(mutex_);
  return columns_.size();
}

std::size_t hnsw_index::capacity() const {
  std::shared_lock lock(mutex_);
  return impl_->graph.max_elements_;
}

std::size_t hnsw_index::memory_bytes() const {
  std::shared_lock lock(mutex_);
  const auto& g = impl_->graph;
  std::size_t upper = 0;  // upper-layer link lists, allocated per element with level > 0
  for (std::size_t i = 0; i < g.cur_element_count; ++i) {
    if (g.element_levels_[i] > 0) upper += g.size_links_per_element_ * static_cast<std::size_t>(g.element_levels_[i]);
  }
  return g.max_elements_ * (g.size_data_per_element_ + sizeof(void*) + sizeof(int) + sizeof(std::mutex)) + upper +
         g.label_lookup_.size() * (sizeof(std::uint64_t) * 2 + 2 * sizeof(void*)) + columns_.memory_bytes();
}

}  // namespace ragbench::server
