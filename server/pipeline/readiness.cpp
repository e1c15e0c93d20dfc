// readiness: a small list of pending start-up work under a mutex.
#include "server/pipeline/readiness.hpp"

#include <algorithm>

namespace ragbench::server {

void readiness::set_pending(const std::string& name, std::string detail) {
  std::lock_guard lock(mutex_);
  for (auto& p : pending_) {
    if (p.name == name) {
      p.detail = std::move(detail);
      return;
    }
  }
  pending_.push_back({name, std::move(detail)});
}

void readiness::done(const std::string& name) {
  std::lock_guard lock(mutex_);
  std::erase_if(pending_, [&](const pending_work& p) { return p.name == name; });
}

std::vector<readiness::pending_work> readiness::pending() const {
  std::lock_guard lock(mutex_);
  return pending_;
}

}  // namespace ragbench::server
