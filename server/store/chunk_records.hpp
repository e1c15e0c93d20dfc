#pragma once
// The chunks role of a document store: the text chunks of each document, written by an indexing
// job and read back to rebuild the vector index at start-up.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ragbench::server {

// A chunk id is (document id << 20) | ordinal: at most 2^20 chunks per document.
constexpr std::uint64_t make_chunk_id(std::uint64_t doc_id, std::uint32_t ordinal) {
  return (doc_id << 20) | ordinal;
}
constexpr std::uint64_t chunk_document(std::uint64_t chunk_id) { return chunk_id >> 20; }
constexpr std::uint32_t max_chunks_per_document = 1u << 20;

struct chunk {
  std::uint64_t id = 0;       // make_chunk_id(doc, ordinal)
  std::uint64_t document_id = 0;
  std::uint32_t ordinal = 0;
  std::string text;
};

// Thread-safe; writes are durable on return. Backend failures throw store_error, bad arguments
// std::invalid_argument (validate_chunks).
class chunk_records {
 public:
  virtual ~chunk_records() = default;
  // Replaces the document's chunks in one transaction. Returns false when the document no longer
  // exists (deleted meanwhile); then nothing is written.
  virtual bool replace(std::uint64_t document_id, const std::vector<chunk>& chunks) = 0;
  virtual std::optional<chunk> get(std::uint64_t chunk_id) = 0;
  // Calls `fn` for every stored chunk in id order, with no lock or connection held, so `fn` may
  // call back into the store.
  virtual void for_each(const std::function<void(const chunk&)>& fn) = 0;
};

}  // namespace ragbench::server
