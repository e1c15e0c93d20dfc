// Store strategies by name; "postgres" is added here next.
#include "server/store/store_factory.hpp"

#include <stdexcept>

#include "server/store/memory_store.hpp"
#include "server/store/sqlite_store.hpp"

namespace ragbench::server {

std::vector<std::string> store_strategy_names() { return {"memory", "sqlite"}; }

std::unique_ptr<document_store> make_store(const store_options& options) {
  if (options.name == "memory") return std::make_unique<memory_store>();
  if (options.name == "sqlite") return std::make_unique<sqlite_store>(options.data_dir, options.max_readers);
  std::string valid;
  for (const auto& n : store_strategy_names()) valid += (valid.empty() ? "" : ", ") + n;
  throw std::invalid_argument("unknown store strategy '" + options.name + "' (valid: " + valid + ")");
}

}  // namespace ragbench::server
