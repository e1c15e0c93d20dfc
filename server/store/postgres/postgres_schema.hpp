#pragma once
// The PostgreSQL schema of the "postgres" store and its migrations. Each migration is a numbered
// SQL script applied once, in order, inside one transaction that also records it in
// schema_version; a transaction-scoped advisory lock serialises servers migrating the same
// database at the same time, so start-up is idempotent and safe to run concurrently.
#include "server/store/postgres/pg_connection.hpp"

namespace ragbench::server {

// The newest schema version this build knows.
int postgres_schema_version();

// Brings the database on `conn` to postgres_schema_version(). Returns the version found before
// (0 for an empty database). Throws store_error when the database's schema is newer than this
// build, pg_error when a statement fails (nothing is applied then).
int migrate_postgres_schema(pg_connection& conn);

}  // namespace ragbench::server
