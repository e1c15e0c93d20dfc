#pragma once
// The searchable document collection: the durable store, the vector index and the in-memory
// chunk catalog kept in step, plus a version number that changes whenever the collection does
// (caches key on it so no stale answer survives a write or delete).
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/index/vector_index.hpp"
#include "server/pipeline/chunk_catalog.hpp"
#include "server/rag/embedder.hpp"
#include "server/store/document_store.hpp"

namespace ragbench::server {

struct retrieved_chunk {
  std::uint64_t chunk_id = 0;
  std::uint64_t document_id = 0;
  float score = 0;
  std::shared_ptr<const std::string> text;
};

class corpus {
 public:
  // `insert_threads`: threads a large publish may use for index inserts. `query_embed` embeds
  // queries (e.g. the model behind an embedding cache); null = `embed`. Chunks always go through
  // `embed`. Both must give the same vectors and outlive the corpus.
  corpus(document_store& store, vector_index& index, const embedder& embed, std::size_t insert_threads = 1,
         const embedder* query_embed = nullptr);

  // Top-k chunks for an already-embedded query, best first; when `only_document` is set, only
  // chunks of that document. Thread-safe; memory only (no store access). Cost: one index search.
  std::vector<retrieved_chunk> retrieve(std::span<const float> query_embedding, std::size_t k,
                                        std::optional<std::uint64_t> only_document = std::nullopt) const;

  // Makes already-stored chunks searchable (embeds each, inserts them as one index batch, so
  // keep calls to a few hundred chunks). Bumps the version. Thread-safe.
  void publish_chunks(const std::vector<chunk>& chunks);
  // Removes a document's chunks from index and catalog (the caller deletes it from the store).
  // Bumps the version. Thread-safe.
  void unpublish_document(std::uint64_t document_id);
  // Rebuilds index and catalog from every chunk in the store (start-up after a restart).
  // Returns the number of chunks loaded.
  std::size_t rebuild_from_store();

  // Changes whenever searchable content changes. Thread-safe.
  std::uint64_t version() const { return version_.load(std::memory_order_acquire); }
  // Registers a callback run after every change (cache invalidation). Not thread-safe: call
  // during set-up only.
  void on_change(std::function<void()> fn) { listeners_.push_back(std::move(fn)); }

  document_store& store() { return store_; }
  const vector_index& index() const { return index_; }
  const chunk_catalog& catalog() const { return catalog_; }
  // The embedder for queries (through the embedding cache when there is one).
  const embedder& embedding_model() const { return query_embed_; }

 private:
  void changed();

  document_store& store_;
  vector_index& index_;
  const embedder& embed_;
  const embedder& query_embed_;
  std::size_t insert_threads_;
  chunk_catalog catalog_;
  std::atomic<std::uint64_t> version_{1};
  std::vector<std::function<void()>> listeners_;
};

}  // namespace ragbench::server
