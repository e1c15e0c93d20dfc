// make_pool: the one place pool strategies are chosen by name; its table is also the list of names.
#include <stdexcept>

#include "common/name_table.hpp"
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

using pool_maker = std::unique_ptr<connection_pool> (*)(std::string name, const pool_options& options,
                                                         connection_factory factory, const clock_source& clock);
struct pool_strategy {
  std::string_view name;
  pool_maker make;
};

constexpr pool_strategy k_strategies[] = {
    {"fixed",
     [](std::string name, const pool_options& o, connection_factory factory,
        const clock_source& clock) -> std::unique_ptr<connection_pool> {
       bounded_pool_policy policy{"fixed", 0, o.max, 0, std::chrono::milliseconds{0}};
       return std::make_unique<bounded_pool>(std::move(name), policy, o, std::move(factory), clock);
     }},
    {"elastic",
     [](std::string name, const pool_options& o, connection_factory factory,
        const clock_source& clock) -> std::unique_ptr<connection_pool> {
       bounded_pool_policy policy{"elastic", o.min, o.max, o.overflow, o.idle_timeout};
       return std::make_unique<bounded_pool>(std::move(name), policy, o, std::move(factory), clock);
     }},
    {"none",
     [](std::string name, const pool_options& o, connection_factory factory,
        const clock_source& clock) -> std::unique_ptr<connection_pool> {
       return std::make_unique<none_pool>(std::move(name), o, std::move(factory), clock);
     }},
};
constexpr auto k_names = names_of(k_strategies);

}  // namespace

std::span<const std::string_view> pool_strategy_names() { return k_names; }

std::unique_ptr<connection_pool> make_pool(std::string name, const pool_options& options,
                                           connection_factory factory, const clock_source& clock) {
  if (!factory) throw std::invalid_argument("pool " + name + ": no connection factory");
  check_durations(name, options);
  if (const auto* s = find_named(k_strategies, options.strategy)) {
    return s->make(std::move(name), options, std::move(factory), clock);
  }
  throw std::invalid_argument("pool " + name + ": unknown strategy '" + options.strategy + "' (expected one of: " +
                              join_names(k_names) + ")");
}

}  // namespace ragbench::server
