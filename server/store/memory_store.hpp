#pragma once
// The "memory" store: everything in ordered maps under one reader/writer lock. Not durable; for
// tests, demos and measuring the server without storage cost.
#include <map>
#include <shared_mutex>

#include "server/store/document_store.hpp"

namespace ragbench::server {

// Thread-safe (std::shared_mutex: reads in parallel, writes exclusive). Costs: get O(log n),
// list O(limit + log n), delete/put_chunks O(chunks of the document + log n),
// unfinished_jobs O(jobs). Ids are never reused.
class memory_store final : public document_store {
 public:
  job create_document(document& doc) override;
  std::optional<document> get_document(std::uint64_t id) override;
  document_page list_documents(std::uint64_t after_id, std::size_t limit) override;
  bool delete_document(std::uint64_t id) override;
  bool put_chunks(std::uint64_t document_id, const std::vector<chunk>& chunks) override;
  std::optional<chunk> get_chunk(std::uint64_t chunk_id) override;
  // Iterates over a snapshot, so `fn` may call back into the store.
  void for_each_chunk(const std::function<void(const chunk&)>& fn) override;
  // Updates state, progress, total, error and updated_at_ms (now when 0) of an existing job;
  // a job that no longer exists (its document was deleted) is ignored.
  void update_job(const job& j) override;
  std::optional<job> get_job(std::uint64_t id) override;
  std::vector<job> unfinished_jobs() override;
  std::size_t document_count() override;
  std::size_t chunk_count() override;
  bool ping() override { return true; }
  std::string_view name() const override { return "memory"; }

 private:
  void erase_chunks_locked(std::uint64_t document_id);

  std::shared_mutex mutex_;
  std::map<std::uint64_t, document> documents_;
  std::map<std::uint64_t, chunk> chunks_;  // by chunk id: a document's chunks are one range
  std::map<std::uint64_t, job> jobs_;
  std::uint64_t next_document_id_ = 1;
  std::uint64_t next_job_id_ = 1;
};

}  // namespace ragbench::server
