// The postgres store's backend: URL check, the pool of pg_connections, the schema migration at
// start-up, and the health counts.
#include "server/store/postgres/postgres_database.hpp"

#include <libpq-fe.h>

#include "server/store/postgres/postgres_schema.hpp"

namespace ragbench::server {
namespace {

constexpr pg_statement count_documents{"count_documents", "SELECT count(*) FROM documents"};
constexpr pg_statement count_chunks{"count_chunks", "SELECT count(*) FROM chunks"};

}  // namespace

postgres_database::postgres_database(const std::string& url, const pool_options& pool,
                                     std::chrono::milliseconds query_timeout)
    : url_(url), query_timeout_(query_timeout) {
  if (url.empty())
    throw std::invalid_argument("postgres store: postgres_url is required (--postgres-url postgresql://user@host/db)");
  char* error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(url.c_str(), &error);
  if (!parsed) {
    std::string message = error ? error : "out of memory";
    PQfreemem(error);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    throw std::invalid_argument("postgres store: bad postgres_url: " + message);
  }
  PQconninfoFree(parsed);
  const auto timeout = query_timeout_;
  pool_ = make_pool(
      "postgres", pool,
      [url, timeout](std::chrono::milliseconds connect_timeout) -> std::unique_ptr<pooled_connection> {
        return std::make_unique<pg_connection>(url, connect_timeout, timeout);
      },
      clock_);
  with_connection([](pg_connection& c) { return migrate_postgres_schema(c); });
}

postgres_database::~postgres_database() = default;

std::size_t postgres_database::document_count() {
  return with_connection([](pg_connection& c) { return static_cast<std::size_t>(c.run(count_documents, {}).uint64(0, 0)); });
}

std::size_t postgres_database::chunk_count() {
  return with_connection([](pg_connection& c) { return static_cast<std::size_t>(c.run(count_chunks, {}).uint64(0, 0)); });
}

bool postgres_database::ping() {
  return with_connection([this](pg_connection& c) {
    if (!c.ping(query_timeout_)) throw pg_error("postgres: ping (SELECT 1) failed", "", true);
    return true;
  });
}

}  // namespace ragbench::server
