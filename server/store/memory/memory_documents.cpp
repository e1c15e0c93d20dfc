// Documents in the memory store's ordered map; a new document gets its queued job in the same
// critical section.
#include "server/store/memory/memory_documents.hpp"

#include <mutex>

#include "server/store/store_validation.hpp"

namespace ragbench::server {

job memory_documents::create(document& doc) {
  prepare_new_document(doc);
  std::unique_lock lock(tables_->mutex);
  doc.id = tables_->next_document_id++;
  job j;
  j.id = tables_->next_job_id++;
  j.document_id = doc.id;
  j.state = job_state::queued;
  j.created_at_ms = j.updated_at_ms = doc.created_at_ms;
  tables_->documents.emplace(doc.id, doc);
  tables_->jobs.emplace(j.id, j);
  return j;
}

std::optional<document> memory_documents::get(std::uint64_t id) {
  std::shared_lock lock(tables_->mutex);
  auto it = tables_->documents.find(id);
  if (it == tables_->documents.end()) return std::nullopt;
  return it->second;
}

document_page memory_documents::list(std::uint64_t after_id, std::size_t limit) {
  validate_limit(limit);
  document_page page;
  std::shared_lock lock(tables_->mutex);
  for (auto it = tables_->documents.upper_bound(after_id); it != tables_->documents.end(); ++it) {
    if (page.documents.size() == limit) {
      page.next_cursor = page.documents.back().id;
      break;
    }
    document d = it->second;
    d.content.clear();
    page.documents.push_back(std::move(d));
  }
  return page;
}

bool memory_documents::remove(std::uint64_t id) {
  std::unique_lock lock(tables_->mutex);
  if (tables_->documents.erase(id) == 0) return false;
  tables_->erase_chunks_locked(id);
  std::erase_if(tables_->jobs, [id](const auto& kv) { return kv.second.document_id == id; });
  return true;
}

}  // namespace ragbench::server
