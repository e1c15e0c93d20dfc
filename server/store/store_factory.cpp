// Store strategies by name: one table, which is also the list of names.
#include "server/store/store_factory.hpp"

#include <stdexcept>
#include <string>

#include "common/name_table.hpp"
#include "server/store/memory/memory_store.hpp"
#include "server/store/postgres/postgres_store.hpp"
#include "server/store/sqlite/sqlite_store.hpp"

namespace ragbench::server {
namespace {

struct store_strategy {
  std::string_view name;
  std::unique_ptr<document_store> (*open)(const store_options&);
};

constexpr store_strategy k_strategies[] = {
    {"sqlite", [](const store_options& o) { return open_sqlite_store(o.data_dir, o.max_readers); }},
    {"memory", [](const store_options&) { return open_memory_store(); }},
    {"postgres",
     [](const store_options& o) {
       if (o.postgres_url.empty()) {
         throw std::invalid_argument(
             "store 'postgres' needs a PostgreSQL URL (--postgres-url postgresql://user@host:port/db)");
       }
       return open_postgres_store(o.postgres_url, o.pool);
     }},
};
constexpr auto k_names = names_of(k_strategies);

}  // namespace

std::span<const std::string_view> store_strategy_names() { return k_names; }

std::unique_ptr<document_store> make_store(const store_options& options) {
  if (const auto* s = find_named(k_strategies, options.name)) return s->open(options);
  throw std::invalid_argument("unknown store strategy '" + options.name + "' (valid: " + join_names(k_names) + ")");
}

}  // namespace ragbench::server
