// make_pool: the one place pool strategies are chosen by name.
#include <stdexcept>

#include "server/pool/bounded_pool.hpp"
#include "server/pool/connection_pool.hpp"
#include "server/pool/none_pool.hpp"

namespace ragbench::server {
namespace {

void check_durations(const std::string& name, const pool_options& o) {
  auto negative = [&](const char* field, std::chrono::milliseconds v) {
    if (v.count() < 0) throw std::invalid_argument("pool " + name + ": " + field + " must not be negative");
  };
  negative("acquire_timeout", o.acquire_timeout);
  negative("idle_timeout", o.idle_timeout);
  negative("max_lifetime", o.max_lifetime);
  negative("preping_after", o.preping_after);
  if (o.connect_timeout.count() <= 0) {
    throw std::invalid_argument("pool " + name + ": connect_timeout must be positive");
  }
}

}  // namespace

std::unique_ptr<connection_pool> make_pool(std::string name, const pool_options& options,
                                           connection_factory factory, const clock_source& clock) {
  if (!factory) throw std::invalid_argument("pool " + name + ": no connection factory");
  check_durations(name, options);
  if (options.strategy == "none") {
    return std::make_unique<none_pool>(std::move(name), options, std::move(factory), clock);
  }
  if (options.strategy == "fixed") {
    bounded_pool_policy policy{"fixed", 0, options.max, 0, std::chrono::milliseconds{0}};
    return std::make_unique<bounded_pool>(std::move(name), policy, options, std::move(factory), clock);
  }
  if (options.strategy == "elastic") {
    bounded_pool_policy policy{"elastic", options.min, options.max, options.overflow,
                               options.idle_timeout};
    return std::make_unique<bounded_pool>(std::move(name), policy, options, std::move(factory), clock);
  }
  throw std::invalid_argument("pool " + name + ": unknown strategy '" + options.strategy +
                              "' (expected none, fixed or elastic)");
}

}  // namespace ragbench::server
