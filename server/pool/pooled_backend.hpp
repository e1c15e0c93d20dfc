#pragma once
// The role of a component that owns connection pools (the redis cache tier, the sqlite and
// postgres stores): how the app reads their pools for /metrics and /health/detailed, installs the
// acquisition observer and runs their upkeep. The app finds this role in what the factories
// return (cache_tier::pooled, document_store::pooled()), never by a cast; in-process strategies
// do not implement it.
#include <vector>

#include "server/pool/pool_snapshot.hpp"

namespace ragbench::server {

class pooled_backend {
 public:
  virtual ~pooled_backend() = default;
  // One snapshot per pool the component owns. Thread-safe; cheap (copies counters under a lock).
  virtual std::vector<pool_snapshot> pools() const = 0;
  // Installs the acquisition observer of every pool; call once during set-up, before concurrent use.
  virtual void observe_pool_acquire(pool_acquire_observer observer) = 0;
  // Periodic upkeep (open an elastic pool's minimum, close idle or expired connections); may block
  // up to a connect timeout. Called about once a second from the app's maintenance thread.
  virtual void maintain_pools() = 0;
};

}  // namespace ragbench::server
