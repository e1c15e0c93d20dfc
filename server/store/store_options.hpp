#pragma once
// Settings for the document store strategies.
#include <filesystem>
#include <string>

namespace ragbench::server {

struct store_options {
  std::string name = "sqlite";                    // "memory" | "sqlite" (see store_factory.cpp)
  std::filesystem::path data_dir = "data";        // sqlite: <data_dir>/ragbench.sqlite3
  std::size_t max_readers = 4;                    // sqlite: reader connections in the pool
};

}  // namespace ragbench::server
