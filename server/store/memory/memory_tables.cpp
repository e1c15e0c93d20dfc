// The memory store's shared tables and its health counts.
#include "server/store/memory/memory_tables.hpp"

#include <mutex>

namespace ragbench::server {

void memory_tables::erase_chunks_locked(std::uint64_t document_id) {
  chunks.erase(chunks.lower_bound(make_chunk_id(document_id, 0)), chunks.lower_bound(make_chunk_id(document_id + 1, 0)));
}

std::size_t memory_tables::document_count() {
  std::shared_lock lock(mutex);
  return documents.size();
}

std::size_t memory_tables::chunk_count() {
  std::shared_lock lock(mutex);
  return chunks.size();
}

}  // namespace ragbench::server
