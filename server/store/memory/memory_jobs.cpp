// Jobs in the memory store's ordered map (by id, so unfinished() is oldest first).
#include "server/store/memory/memory_jobs.hpp"

#include <mutex>

#include "server/store/store_validation.hpp"

namespace ragbench::server {

void memory_jobs::update(const job& j) {
  std::unique_lock lock(tables_->mutex);
  auto it = tables_->jobs.find(j.id);
  if (it == tables_->jobs.end()) return;
  it->second.state = j.state;
  it->second.progress = j.progress;
  it->second.total = j.total;
  it->second.error = j.error;
  it->second.updated_at_ms = j.updated_at_ms != 0 ? j.updated_at_ms : unix_now_ms();
}

std::optional<job> memory_jobs::get(std::uint64_t id) {
  std::shared_lock lock(tables_->mutex);
  auto it = tables_->jobs.find(id);
  if (it == tables_->jobs.end()) return std::nullopt;
  return it->second;
}

std::vector<job> memory_jobs::unfinished() {
  std::vector<job> out;
  std::shared_lock lock(tables_->mutex);
  for (const auto& [id, j] : tables_->jobs)
    if (j.state == job_state::queued || j.state == job_state::running) out.push_back(j);
  return out;
}

}  // namespace ragbench::server
