#pragma once
// An embedder decorator that answers repeated texts from an embedding_cache and embeds only the
// misses with the wrapped model. Used for queries (answer and search paths); chunks are embedded by
// the model itself so an upload cannot flush the queries out of the cache.
#include <cstddef>
#include <span>
#include <string_view>

#include "server/rag/embedder.hpp"
#include "server/rag/embedding_cache.hpp"

namespace ragbench::server {

class cached_embedder final : public embedder {
 public:
  // `model` must outlive this. Throws std::invalid_argument when capacity is 0.
  cached_embedder(const embedder& model, std::size_t capacity, std::size_t shards = 16);

  std::size_t dimension() const override { return model_.dimension(); }
  // The cached vector, or the model's (then cached). Same contract as the model's embed(). Thread-safe.
  void embed(std::string_view text, std::span<float> out) const override;
  using embedder::embed;

  embedding_cache_stats stats() const { return cache_.stats(); }
  std::size_t capacity() const { return cache_.capacity(); }

 private:
  const embedder& model_;
  mutable embedding_cache cache_;
};

}  // namespace ragbench::server
