#pragma once
// The "postgres" store: every role over one postgres_database (see there for durability and
// failure behaviour).
#include <chrono>
#include <memory>
#include <string>

#include "server/pool/pool_options.hpp"
#include "server/store/document_store.hpp"
#include "server/store/postgres/postgres_database.hpp"

namespace ragbench::server {

// Connects to `url` through a pool built from `pool` and migrates the schema. Throws as
// postgres_database does. pooled(): the "postgres" pool.
std::unique_ptr<document_store> open_postgres_store(
    const std::string& url, const pool_options& pool,
    std::chrono::milliseconds query_timeout = postgres_database::default_query_timeout);

}  // namespace ragbench::server
