#pragma once
// Wraps any vector_index and records every search's duration in
// index_search_duration_seconds{index=...}; exports index_vectors and index_memory_bytes.
#include <memory>

#include "server/index/vector_index.hpp"
#include "server/metrics/metrics_registry.hpp"

namespace ragbench::server {

class instrumented_index final : public vector_index {
 public:
  // `registry` must outlive this object.
  instrumented_index(std::unique_ptr<vector_index> inner, metrics_registry& registry);
  ~instrumented_index() override;

  void add(std::uint64_t id, std::span<const float> vec) override { inner_->add(id, vec); }
  void add_batch(std::span<const std::uint64_t> ids, std::span<const float> vectors, std::size_t threads) override {
    inner_->add_batch(ids, vectors, threads);
  }
  void remove(std::uint64_t id) override { inner_->remove(id); }
  std::vector<search_hit> search(std::span<const float> query, std::size_t k) const override;
  std::size_t size() const override { return inner_->size(); }
  std::size_t dimension() const override { return inner_->dimension(); }
  std::string_view name() const override { return inner_->name(); }
  std::size_t memory_bytes() const override { return inner_->memory_bytes(); }

 private:
  std::unique_ptr<vector_index> inner_;
  metrics_registry& registry_;
  histogram& search_seconds_;
};

}  // namespace ragbench::server
