#pragma once
// Settings for the document store strategies.
#include <filesystem>
#include <string>

#include "server/pool/pool_options.hpp"

namespace ragbench::server {

struct store_options {
  std::string name = "sqlite";                    // "memory" | "sqlite" | "postgres" (see store_factory.cpp)
  std::filesystem::path data_dir = "data";        // sqlite: <data_dir>/ragbench.sqlite3
  std::size_t max_readers = 4;                    // sqlite: reader connections in the pool
  std::string postgres_url;                       // postgres: libpq connection string or URI
  pool_options pool;                              // postgres: connection pool
};

}  // namespace ragbench::server
