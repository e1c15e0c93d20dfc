#pragma once
// The "sqlite" store (the embedded default): every role over one sqlite_database.
#include <filesystem>
#include <memory>

#include "server/store/document_store.hpp"

namespace ragbench::server {

// Opens or creates <data_dir>/ragbench.sqlite3 with up to `max_readers` reader connections.
// Throws store_error as sqlite_database does. pooled(): the "sqlite_readers" pool.
std::unique_ptr<document_store> open_sqlite_store(const std::filesystem::path& data_dir, std::size_t max_readers = 4);

}  // namespace ragbench::server
