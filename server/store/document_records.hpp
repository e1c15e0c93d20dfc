#pragma once
// The documents role of a document store: create, read, list and delete uploaded documents.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/store/job_records.hpp"

namespace ragbench::server {

struct document {
  std::uint64_t id = 0;          // assigned by the store on create (1, 2, ...); never reused
  std::string title;
  std::string content;
  std::string content_type;      // "text/plain", "text/markdown", "application/json"
  std::string metadata_json;     // JSON object as text, "{}" when none
  std::int64_t created_at_ms = 0;  // Unix epoch milliseconds
};

struct document_page {
  std::vector<document> documents;  // ordered by id ascending; content omitted (empty) for lists
  std::optional<std::uint64_t> next_cursor;  // pass back as `after_id` for the next page
};

// Thread-safe; writes are durable on return (for persistent stores: committed). Backend failures
// throw store_error, bad arguments std::invalid_argument (store_validation.hpp).
class document_records {
 public:
  virtual ~document_records() = default;
  // Creates the document and its queued indexing job atomically (defaults filled as
  // prepare_new_document says); fills doc.id and returns the job.
  virtual job create(document& doc) = 0;
  virtual std::optional<document> get(std::uint64_t id) = 0;
  // Documents with id > after_id, at most `limit` (>= 1), without content.
  virtual document_page list(std::uint64_t after_id, std::size_t limit) = 0;
  // Deletes the document, its chunks and its jobs. Returns false when it did not exist.
  virtual bool remove(std::uint64_t id) = 0;
};

}  // namespace ragbench::server
