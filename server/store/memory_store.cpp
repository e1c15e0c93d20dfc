// In-memory document store: ordered maps, one shared_mutex.
#include "server/store/memory_store.hpp"

#include <mutex>

#include "server/store/store_validation.hpp"

namespace ragbench::server {

job memory_store::create_document(document& doc) {
  prepare_new_document(doc);
  std::unique_lock lock(mutex_);
  doc.id = next_document_id_++;
  job j;
  j.id = next_job_id_++;
  j.document_id = doc.id;
  j.state = job_state::queued;
  j.created_at_ms = j.updated_at_ms = doc.created_at_ms;
  documents_.emplace(doc.id, doc);
  jobs_.emplace(j.id, j);
  return j;
}

std::optional<document> memory_store::get_document(std::uint64_t id) {
  std::shared_lock lock(mutex_);
  auto it = documents_.find(id);
  if (it == documents_.end()) return std::nullopt;
  return it->second;
}

document_page memory_store::list_documents(std::uint64_t after_id, std::size_t limit) {
  validate_limit(limit);
  document_page page;
  std::shared_lock lock(mutex_);
  for (auto it = documents_.upper_bound(after_id); it != documents_.end(); ++it) {
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

void memory_store::erase_chunks_locked(std::uint64_t document_id) {
  chunks_.erase(chunks_.lower_bound(make_chunk_id(document_id, 0)),
                chunks_.lower_bound(make_chunk_id(document_id + 1, 0)));
}

bool memory_store::delete_document(std::uint64_t id) {
  std::unique_lock lock(mutex_);
  if (documents_.erase(id) == 0) return false;
  erase_chunks_locked(id);
  std::erase_if(jobs_, [id](const auto& kv) { return kv.second.document_id == id; });
  return true;
}

bool memory_store::put_chunks(std::uint64_t document_id, const std::vector<chunk>& chunks) {
  validate_chunks(document_id, chunks);
  std::unique_lock lock(mutex_);
  if (!documents_.contains(document_id)) return false;
  erase_chunks_locked(document_id);
  for (const auto& c : chunks) chunks_.emplace(c.id, c);
  return true;
}

std::optional<chunk> memory_store::get_chunk(std::uint64_t chunk_id) {
  std::shared_lock lock(mutex_);
  auto it = chunks_.find(chunk_id);
  if (it == chunks_.end()) return std::nullopt;
  return it->second;
}

void memory_store::for_each_chunk(const std::function<void(const chunk&)>& fn) {
  std::vector<chunk> snapshot;
  {
    std::shared_lock lock(mutex_);
    snapshot.reserve(chunks_.size());
    for (const auto& [id, c] : chunks_) snapshot.push_back(c);
  }
  for (const auto& c : snapshot) fn(c);
}

void memory_store::update_job(const job& j) {
  std::unique_lock lock(mutex_);
  auto it = jobs_.find(j.id);
  if (it == jobs_.end()) return;
  it->second.state = j.state;
  it->second.progress = j.progress;
  it->second.total = j.total;
  it->second.error = j.error;
  it->second.updated_at_ms = j.updated_at_ms != 0 ? j.updated_at_ms : unix_now_ms();
}

std::optional<job> memory_store::get_job(std::uint64_t id) {
  std::shared_lock lock(mutex_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  return it->second;
}

std::vector<job> memory_store::unfinished_jobs() {
  std::vector<job> out;
  std::shared_lock lock(mutex_);
  for (const auto& [id, j] : jobs_)
    if (j.state == job_state::queued || j.state == job_state::running) out.push_back(j);
  return out;
}

std::size_t memory_store::document_count() {
  std::shared_lock lock(mutex_);
  return documents_.size();
}

std::size_t memory_store::chunk_count() {
  std::shared_lock lock(mutex_);
  return chunks_.size();
}

}  // namespace ragbench::server
