// none_pool: connect per acquisition, close on release.
#include "server/pool/none_pool.hpp"

#include <utility>

namespace ragbench::server {

none_pool::none_pool(std::string name, const pool_options& options, connection_factory factory,
                     const clock_source& clock)
    : name_(std::move(name)), options_(options), factory_(std::move(factory)), clock_(clock) {}

pool_lease none_pool::acquire() {
  auto start = clock_.now();
  std::unique_ptr<pooled_connection> connection;
  try {
    connection = factory_(options_.connect_timeout);
    if (!connection) throw pool_connect_error(name_ + ": connection factory returned nothing");
  } catch (const pool_connect_error&) {
    errors_.fetch_add(1);
    if (observer_) observer_(name_, clock_.now() - start);
    throw;
  } catch (const std::exception& e) {
    errors_.fetch_add(1);
    if (observer_) observer_(name_, clock_.now() - start);
    throw pool_connect_error(name_ + ": " + e.what());
  }
  created_.fetch_add(1);
  in_use_.fetch_add(1);
  if (observer_) observer_(name_, clock_.now() - start);
  return pool_lease(this, std::move(connection));
}

void none_pool::give_back(std::unique_ptr<pooled_connection> connection, bool broken) {
  if (broken) errors_.fetch_add(1);
  connection.reset();
  closed_.fetch_add(1);
  in_use_.fetch_sub(1);
}

pool_snapshot none_pool::snapshot() const {
  pool_snapshot s;
  s.name = name_;
  s.strategy = "none";
  s.max = 0;
  s.in_use = in_use_.load();
  s.open = s.in_use;
  s.created = created_.load();
  s.acquired = s.created;
  s.errors = errors_.load();
  s.closed = closed_.load();
  return s;
}

}  // namespace ragbench::server
