// job_state <-> text, shared by every store and the jobs route.
#include "server/store/job_records.hpp"

namespace ragbench::server {

std::string_view to_string(job_state s) {
  switch (s) {
    case job_state::queued: return "queued";
    case job_state::running: return "running";
    case job_state::done: return "done";
    case job_state::failed: return "failed";
  }
  return "unknown";
}

std::optional<job_state> parse_job_state(std::string_view s) {
  if (s == "queued") return job_state::queued;
  if (s == "running") return job_state::running;
  if (s == "done") return job_state::done;
  if (s == "failed") return job_state::failed;
  return std::nullopt;
}

}  // namespace ragbench::server
