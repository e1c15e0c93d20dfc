#pragma once
// The connection pool strategy interface, shared by the PostgreSQL store and the Redis cache tier.
// Strategies (pool_options.hpp): none, fixed, elastic — chosen by name in pool_factory.cpp.
//
// A pool hands out leases on `pooled_connection`s made by a `connection_factory`. The lease returns
// the connection when it is destroyed; a user that saw the connection fail calls
// `lease.mark_broken()` so the pool closes it instead of reusing it. Waiting is bounded by
// pool_options::acquire_timeout: then acquire() throws pool_timeout_error. A failed connection
// attempt throws pool_connect_error (with the backend's message). Thread-safe; acquire() blocks the
// calling thread (call it from a compute thread, not an I/O thread). Every lease must be released
// before its pool is destroyed.
#include <chrono>
#include <functional>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "common/clock.hpp"
#include "server/pool/pool_options.hpp"
#include "server/pool/pool_snapshot.hpp"

namespace ragbench::server {

// One backend connection (a PGconn, a redisContext) owned by a pool.
class pooled_connection {
 public:
  virtual ~pooled_connection() = default;
  // A cheap round trip (SELECT 1, PING) within `timeout`; false when the connection is unusable.
  virtual bool ping(std::chrono::milliseconds timeout) = 0;
};

// Opens one connection within `connect_timeout`; throws pool_connect_error on failure.
using connection_factory =
    std::function<std::unique_ptr<pooled_connection>(std::chrono::milliseconds connect_timeout)>;

class pool_timeout_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
class pool_connect_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class connection_pool;

// Exclusive use of one connection until destroyed (or moved from). Not thread-safe itself.
class pool_lease {
 public:
  pool_lease() = default;
  pool_lease(connection_pool* pool, std::unique_ptr<pooled_connection> connection);
  pool_lease(pool_lease&& other) noexcept;
  pool_lease& operator=(pool_lease&& other) noexcept;
  pool_lease(const pool_lease&) = delete;
  pool_lease& operator=(const pool_lease&) = delete;
  ~pool_lease();

  // The connection as its concrete type (the type the factory made).
  template <class T>
  T& as() { return static_cast<T&>(*connection_); }
  // The connection failed: close it on release instead of returning it to the pool.
  void mark_broken() { broken_ = true; }
  explicit operator bool() const { return connection_ != nullptr; }

 private:
  void release();
  connection_pool* pool_ = nullptr;
  std::unique_ptr<pooled_connection> connection_;
  bool broken_ = false;
};

class connection_pool {
 public:
  virtual ~connection_pool() = default;
  // Waits up to acquire_timeout. Throws pool_timeout_error or pool_connect_error.
  virtual pool_lease acquire() = 0;
  virtual pool_snapshot snapshot() const = 0;
  // Installs the wait observer (feeds pool_acquire_duration_seconds); call before concurrent use.
  virtual void observe_acquire(pool_acquire_observer observer) = 0;
  // Closes idle connections past idle_timeout / max_lifetime now (elastic and fixed also do this
  // on their own as they are used). Cheap; callable from a periodic timer.
  virtual void maintain() = 0;

 protected:
  friend class pool_lease;
  // Called by the lease on release; `broken` = close instead of reuse.
  virtual void give_back(std::unique_ptr<pooled_connection> connection, bool broken) = 0;
};

// Names accepted by make_pool, default first: "fixed", "elastic", "none". The one list of pool
// strategy names (--help, setting validation and error messages read it).
std::span<const std::string_view> pool_strategy_names();

// The pool strategy named options.strategy; `name` labels the metrics ("postgres", "redis").
// Throws std::invalid_argument for an unknown strategy or inconsistent options (e.g. elastic
// min > max).
std::unique_ptr<connection_pool> make_pool(std::string name, const pool_options& options,
                                           connection_factory factory, const clock_source& clock);

}  // namespace ragbench::server
