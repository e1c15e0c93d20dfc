// corpus: keeps store, index and catalog consistent; the store is written first by callers,
// so after a crash the index can always be rebuilt from it.
#include "server/pipeline/corpus.hpp"

#include <algorithm>

namespace ragbench::server {

corpus::corpus(document_store& store, vector_index& index, const embedder& embed, std::size_t insert_threads,
               const embedder* query_embed)
    : store_(store),
      index_(index),
      embed_(embed),
      query_embed_(query_embed ? *query_embed : embed),
      insert_threads_(std::max<std::size_t>(1, insert_threads)) {}

std::vector<retrieved_chunk> corpus::retrieve(std::span<const float> query_embedding, std::size_t k,
                                              std::optional<std::uint64_t> only_document) const {
  // With a document filter, over-fetch so that enough hits of that document survive the filter.
  std::size_t fetch = only_document ? std::max<std::size_t>(k * 8, 64) : k;
  auto hits = index_.search(query_embedding, fetch);
  std::vector<retrieved_chunk> out;
  out.reserve(std::min(k, hits.size()));
  for (const auto& hit : hits) {
    if (only_document && chunk_document(hit.id) != *only_document) continue;
    auto entry = catalog_.get(hit.id);
    if (!entry) continue;  // removed between search and lookup
    out.push_back({hit.id, entry->document_id, hit.score, std::move(entry->text)});
    if (out.size() == k) break;
  }
  return out;
}

void corpus::publish_chunks(const std::vector<chunk>& chunks) {
  const std::size_t dim = embed_.dimension();
  std::vector<float> vectors(chunks.size() * dim);
  std::vector<std::uint64_t> ids(chunks.size());
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    ids[i] = chunks[i].id;
    embed_.embed(chunks[i].text, std::span<float>(vectors).subspan(i * dim, dim));
  }
  index_.add_batch(ids, vectors, insert_threads_);
  for (const auto& c : chunks) {
    catalog_.put(c.id, {c.document_id, c.ordinal, std::make_shared<const std::string>(c.text)});
  }
  changed();
}

void corpus::unpublish_document(std::uint64_t document_id) {
  for (auto id : catalog_.remove_document(document_id)) index_.remove(id);
  changed();
}

std::size_t corpus::rebuild_from_store() {
  std::size_t loaded = 0;
  std::vector<chunk> batch;
  auto flush = [&] {
    if (batch.empty()) return;
    publish_chunks(batch);
    loaded += batch.size();
    batch.clear();
  };
  store_.chunks().for_each([&](const chunk& c) {
    batch.push_back(c);
    if (batch.size() == 256) flush();
  });
  flush();  // each published batch already counted as a change
  return loaded;
}

void corpus::changed() {
  version_.fetch_add(1, std::memory_order_acq_rel);
  for (auto& fn : listeners_) fn();
}

}  // namespace ragbench::server
