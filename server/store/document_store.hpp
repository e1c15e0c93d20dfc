#pragma once
// The document store strategy interface: memory, sqlite (embedded default), postgres (next issue).
// The store is the durable record: a document, its chunks and its indexing job. Every write
// method returns only after the data is durable (for persistent stores: committed).
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ragbench::server {

class pooled_backend;

struct document {
  std::uint64_t id = 0;          // assigned by the store on create_document (1, 2, ...)
  std::string title;
  std::string content;
  std::string content_type;      // "text/plain", "text/markdown", "application/json"
  std::string metadata_json;     // JSON object as text, "{}" when none
  std::int64_t created_at_ms = 0;  // Unix epoch milliseconds
};

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

enum class job_state { queued, running, done, failed };
std::string_view to_string(job_state s);
std::optional<job_state> parse_job_state(std::string_view s);

struct job {
  std::uint64_t id = 0;            // assigned by the store on create_document
  std::uint64_t document_id = 0;
  job_state state = job_state::queued;
  std::uint64_t progress = 0;      // chunks indexed so far
  std::uint64_t total = 0;         // chunks to index (0 until known)
  std::string error;               // set when failed
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
};

struct document_page {
  std::vector<document> documents;  // ordered by id ascending; content omitted (empty) for lists
  std::optional<std::uint64_t> next_cursor;  // pass back as `after_id` for the next page
};

class document_store {
 public:
  virtual ~document_store() = default;
  // Creates the document and its queued indexing job atomically; fills doc.id and the job's ids.
  // Durable on return. Thread-safe.
  virtual job create_document(document& doc) = 0;
  virtual std::optional<document> get_document(std::uint64_t id) = 0;
  // Lists documents with id > after_id, at most `limit`, without content. Thread-safe.
  virtual document_page list_documents(std::uint64_t after_id, std::size_t limit) = 0;
  // Deletes the document, its chunks and its jobs. Returns false when it did not exist.
  virtual bool delete_document(std::uint64_t id) = 0;
  // Replaces the document's chunks in one transaction. Returns false when the document no longer
  // exists (deleted meanwhile); then nothing is written.
  virtual bool put_chunks(std::uint64_t document_id, const std::vector<chunk>& chunks) = 0;
  virtual std::optional<chunk> get_chunk(std::uint64_t chunk_id) = 0;
  // Calls `fn` for every stored chunk (to rebuild the vector index at start-up).
  virtual void for_each_chunk(const std::function<void(const chunk&)>& fn) = 0;
  virtual void update_job(const job& j) = 0;
  virtual std::optional<job> get_job(std::uint64_t id) = 0;
  // Jobs in state queued or running (to resume after a crash), oldest first.
  virtual std::vector<job> unfinished_jobs() = 0;
  virtual std::size_t document_count() = 0;
  virtual std::size_t chunk_count() = 0;
  // Cheap liveness check of the backend for /health/detailed.
  virtual bool ping() = 0;
  virtual std::string_view name() const = 0;
  // The store's connection pools as a role (pool/pooled_backend.hpp), or null for in-process
  // stores. Lives as long as the store.
  virtual pooled_backend* pooled() { return nullptr; }
};

}  // namespace ragbench::server
