#include "server/app/instrumented_index.hpp"

#include <chrono>

namespace ragbench::server {

instrumented_index::instrumented_index(std::unique_ptr<vector_index> inner, metrics_registry& registry)
    : inner_(std::move(inner)),
      registry_(registry),
      search_seconds_(registry.add_histogram("index_search_duration_seconds", "Vector index search latency",
                                             {"index"})
                          .labels({std::string(inner_->name())})) {
  registry.add_callback_gauge("index_vectors", "Vectors in the search index",
                              [this] { return static_cast<double>(inner_->size()); });
  registry.add_callback_gauge("index_memory_bytes", "Approximate bytes held by the search index",
                              [this] { return static_cast<double>(inner_->memory_bytes()); });
}

instrumented_index::~instrumented_index() {
  registry_.remove_callback("index_vectors");
  registry_.remove_callback("index_memory_bytes");
}

std::vector<search_hit> instrumented_index::search(std::span<const float> query, std::size_t k) const {
  auto started = std::chrono::steady_clock::now();
  auto hits = inner_->search(query, k);
  search_seconds_.observe(std::chrono::steady_clock::now() - started);
  return hits;
}

}  // namespace ragbench::server
