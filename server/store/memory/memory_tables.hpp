#pragma once
// The backend of the "memory" store: every table as an ordered map under one reader/writer lock,
// shared by the store's role objects (memory_documents, memory_chunks, memory_jobs). Not durable;
// for tests, demos and measuring the server without storage cost. Also its health role.
#include <cstdint>
#include <map>
#include <shared_mutex>

#include "server/store/chunk_records.hpp"
#include "server/store/document_records.hpp"
#include "server/store/job_records.hpp"
#include "server/store/store_health.hpp"

namespace ragbench::server {

// The role objects lock `mutex` themselves (shared for reads, exclusive for writes); nothing else
// touches the maps. Ids are never reused.
struct memory_tables final : store_health {
  std::shared_mutex mutex;
  std::map<std::uint64_t, document> documents;
  std::map<std::uint64_t, chunk> chunks;  // by chunk id: a document's chunks are one range
  std::map<std::uint64_t, job> jobs;
  std::uint64_t next_document_id = 1;
  std::uint64_t next_job_id = 1;

  // Erases the chunks of `document_id`; the caller holds `mutex` exclusively.
  void erase_chunks_locked(std::uint64_t document_id);

  bool ping() override { return true; }
  std::size_t document_count() override;
  std::size_t chunk_count() override;
};

}  // namespace ragbench::server
