// pool_lease: hands its connection back to the pool when destroyed, moved over, or reset.
#include "server/pool/connection_pool.hpp"

#include <utility>

namespace ragbench::server {

pool_lease::pool_lease(connection_pool* pool, std::unique_ptr<pooled_connection> connection)
    : pool_(pool), connection_(std::move(connection)) {}

pool_lease::pool_lease(pool_lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)),
      connection_(std::move(other.connection_)),
      broken_(std::exchange(other.broken_, false)) {}

pool_lease& pool_lease::operator=(pool_lease&& other) noexcept {
  if (this != &other) {
    release();
    pool_ = std::exchange(other.pool_, nullptr);
    connection_ = std::move(other.connection_);
    broken_ = std::exchange(other.broken_, false);
  }
  return *this;
}

pool_lease::~pool_lease() { release(); }

void pool_lease::release() {
  if (connection_ && pool_) {
    try {
      pool_->give_back(std::move(connection_), broken_);
    } catch (...) {
      // give_back only allocates; if even that fails the connection is simply closed.
    }
  }
  connection_.reset();
  pool_ = nullptr;
  broken_ = false;
}

}  // namespace ragbench::server
