#pragma once
// The jobs role of a document store: the durable record of each document's indexing job, so a
// job survives a crash and is resumed at start-up. Jobs are created with their document
// (document_records::create) and deleted with it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ragbench::server {

enum class job_state { queued, running, done, failed };
std::string_view to_string(job_state s);
std::optional<job_state> parse_job_state(std::string_view s);

struct job {
  std::uint64_t id = 0;            // assigned by the store on document_records::create
  std::uint64_t document_id = 0;
  job_state state = job_state::queued;
  std::uint64_t progress = 0;      // chunks indexed so far
  std::uint64_t total = 0;         // chunks to index (0 until known)
  std::string error;               // set when failed
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
};

// Thread-safe; writes are durable on return. Backend failures throw store_error.
class job_records {
 public:
  virtual ~job_records() = default;
  // Updates state, progress, total, error and updated_at_ms (now when 0) of an existing job; a
  // job that no longer exists (its document was deleted) is ignored.
  virtual void update(const job& j) = 0;
  virtual std::optional<job> get(std::uint64_t id) = 0;
  // Jobs in state queued or running (to resume after a crash), oldest first.
  virtual std::vector<job> unfinished() = 0;
};

}  // namespace ragbench::server
