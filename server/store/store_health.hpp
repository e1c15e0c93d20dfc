#pragma once
// The health and statistics role of a document store, for /health/detailed and /metrics.
#include <cstddef>

namespace ragbench::server {

// Thread-safe.
class store_health {
 public:
  virtual ~store_health() = default;
  // Cheap liveness check of the backend. False, or store_error naming the reason (the health
  // probe reports exceptions), when it is down.
  virtual bool ping() = 0;
  virtual std::size_t document_count() = 0;
  virtual std::size_t chunk_count() = 0;
};

}  // namespace ragbench::server
