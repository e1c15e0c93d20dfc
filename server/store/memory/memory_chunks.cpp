// Chunks in the memory store's ordered map: a document's chunks are one id range.
#include "server/store/memory/memory_chunks.hpp"

#include <mutex>

#include "server/store/store_validation.hpp"

namespace ragbench::server {

bool memory_chunks::replace(std::uint64_t document_id, const std::vector<chunk>& chunks) {
  validate_chunks(document_id, chunks);
  std::unique_lock lock(tables_->mutex);
  if (!tables_->documents.contains(document_id)) return false;
  tables_->erase_chunks_locked(document_id);
  for (const auto& c : chunks) tables_->chunks.emplace(c.id, c);
  return true;
}

std::optional<chunk> memory_chunks::get(std::uint64_t chunk_id) {
  std::shared_lock lock(tables_->mutex);
  auto it = tables_->chunks.find(chunk_id);
  if (it == tables_->chunks.end()) return std::nullopt;
  return it->second;
}

void memory_chunks::for_each(const std::function<void(const chunk&)>& fn) {
  std::vector<chunk> snapshot;
  {
    std::shared_lock lock(tables_->mutex);
    snapshot.reserve(tables_->chunks.size());
    for (const auto& [id, c] : tables_->chunks) snapshot.push_back(c);
  }
  for (const auto& c : snapshot) fn(c);
}

}  // namespace ragbench::server
