// cached_embedder: embedding_cache in front of an embedder.
#include "server/rag/cached_embedder.hpp"

#include <stdexcept>

namespace ragbench::server {

cached_embedder::cached_embedder(const embedder& model, std::size_t capacity, std::size_t shards)
    : model_(model), cache_(capacity, model.dimension(), shards) {}

void cached_embedder::embed(std::string_view text, std::span<float> out) const {
  if (out.size() != dimension()) throw std::invalid_argument("embed: output size differs from the dimension");
  if (cache_.get(text, out)) return;
  model_.embed(text, out);
  cache_.put(text, out);
}

}  // namespace ragbench::server
