#pragma once
// Start-up work that runs after the server listens (cache warming) and keeps it "not ready": while
// any is pending, /health/detailed answers 503 with that work's name as its status ("warming") and
// a progress line; /health (liveness) is unaffected. Thread-safe; every call takes one mutex (it
// is read per /health/detailed request and written a few times a second at most).
#include <mutex>
#include <string>
#include <vector>

namespace ragbench::server {

class readiness {
 public:
  struct pending_work {
    std::string name;    // "warming"
    std::string detail;  // "120 of 1000 queries answered"
  };

  // Adds pending work `name`, or updates its detail.
  void set_pending(const std::string& name, std::string detail);
  // The work is done (no-op when it was not pending).
  void done(const std::string& name);
  // What is pending now, in the order it was added; empty = ready.
  std::vector<pending_work> pending() const;

 private:
  mutable std::mutex mutex_;
  std::vector<pending_work> pending_;
};

}  // namespace ragbench::server
