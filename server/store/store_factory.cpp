// Store strategies by name.
#include "server/store/store_factory.hpp"

#include <stdexcept>

#include "server/store/memory/memory_store.hpp"
#include "server/store/postgres/postgres_store.hpp"
#include "server/store/sqlite/sqlite_store.hpp"

namespace ragbench::server {

std::vector<std::string> store_strategy_names() { return {"memory", "sqlite", "postgres"}; }

std::unique_ptr<document_store> make_store(const store_options& options) {
  if (options.name == "memory") return open_memory_store();
  if (options.name == "sqlite") return open_sqlite_store(options.data_dir, options.max_readers);
  if (options.name == "postgres") {
    if (options.postgres_url.empty())
      throw std::invalid_argument("store 'postgres' needs a PostgreSQL URL (--postgres-url postgresql://user@host:port/db)");
    return open_postgres_store(options.postgres_url, options.pool);
  }
  std::string valid;
  for (const auto& n : store_strategy_names()) valid += (valid.empty() ? "" : ", ") + n;
  throw std::invalid_argument("unknown store strategy '" + options.name + "' (valid: " + valid + ")");
}

}  // namespace ragbench::server
