// Shared store argument checks: the same bad input gets the same message from every strategy.
#include "server/store/store_validation.hpp"

#include <chrono>
#include <stdexcept>
#include <string>
#include <unordered_set>

namespace ragbench::server {

std::int64_t unix_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void prepare_new_document(document& doc) {
  doc.id = 0;
  if (doc.content_type.empty()) doc.content_type = "text/plain";
  if (doc.metadata_json.empty()) doc.metadata_json = "{}";
  if (doc.created_at_ms == 0) doc.created_at_ms = unix_now_ms();
}

void validate_chunks(std::uint64_t document_id, const std::vector<chunk>& chunks) {
  if (chunks.size() > max_chunks_per_document)
    throw std::invalid_argument("put_chunks: " + std::to_string(chunks.size()) +
                                " chunks exceed the limit of " + std::to_string(max_chunks_per_document));
  std::unordered_set<std::uint32_t> ordinals;
  ordinals.reserve(chunks.size());
  for (const auto& c : chunks) {
    if (c.document_id != document_id)
      throw std::invalid_argument("put_chunks: chunk " + std::to_string(c.id) + " belongs to document " +
                                  std::to_string(c.document_id) + ", not " + std::to_string(document_id));
    if (c.ordinal >= max_chunks_per_document || c.id != make_chunk_id(document_id, c.ordinal))
      throw std::invalid_argument("put_chunks: chunk id " + std::to_string(c.id) +
                                  " does not match document " + std::to_string(document_id) +
                                  " ordinal " + std::to_string(c.ordinal));
    if (!ordinals.insert(c.ordinal).second)
      throw std::invalid_argument("put_chunks: duplicate ordinal " + std::to_string(c.ordinal));
  }
}

void validate_limit(std::size_t limit) {
  if (limit == 0) throw std::invalid_argument("list_documents: limit must be at least 1");
}

}  // namespace ragbench::server
