// chunk_catalog: a read-mostly map guarded by a shared_mutex (searches share, writes exclude).
#include "server/pipeline/chunk_catalog.hpp"

#include <mutex>

namespace ragbench::server {

void chunk_catalog::put(std::uint64_t chunk_id, catalog_entry entry) {
  std::unique_lock lock(mutex_);
  auto [it, inserted] = chunks_.try_emplace(chunk_id);
  if (!inserted) {
    text_bytes_ -= it->second.text ? it->second.text->size() : 0;
  } else {
    by_document_[entry.document_id].push_back(chunk_id);
  }
  text_bytes_ += entry.text ? entry.text->size() : 0;
  it->second = std::move(entry);
}

std::vector<std::uint64_t> chunk_catalog::remove_document(std::uint64_t document_id) {
  std::unique_lock lock(mutex_);
  auto doc = by_document_.find(document_id);
  if (doc == by_document_.end()) return {};
  std::vector<std::uint64_t> ids = std::move(doc->second);
  by_document_.erase(doc);
  for (auto id : ids) {
    auto it = chunks_.find(id);
    if (it == chunks_.end()) continue;
    text_bytes_ -= it->second.text ? it->second.text->size() : 0;
    chunks_.erase(it);
  }
  return ids;
}

std::optional<catalog_entry> chunk_catalog::get(std::uint64_t chunk_id) const {
  std::shared_lock lock(mutex_);
  auto it = chunks_.find(chunk_id);
  if (it == chunks_.end()) return std::nullopt;
  return it->second;
}

std::size_t chunk_catalog::size() const {
  std::shared_lock lock(mutex_);
  return chunks_.size();
}

std::size_t chunk_catalog::memory_bytes() const {
  std::shared_lock lock(mutex_);
  // Node-based maps: roughly 64 bytes per entry plus the text.
  return text_bytes_ + chunks_.size() * 96;
}

}  // namespace ragbench::server
