// The postgres store: its role objects over one shared database (pool + schema).
#include "server/store/postgres/postgres_store.hpp"

#include "server/store/postgres/postgres_chunks.hpp"
#include "server/store/postgres/postgres_conversations.hpp"
#include "server/store/postgres/postgres_documents.hpp"
#include "server/store/postgres/postgres_jobs.hpp"
#include "server/store/postgres/postgres_users.hpp"

namespace ragbench::server {

std::unique_ptr<document_store> open_postgres_store(const std::string& url, const pool_options& pool,
                                                    std::chrono::milliseconds query_timeout) {
  auto db = std::make_shared<postgres_database>(url, pool, query_timeout);
  document_store::roles roles;
  roles.documents = std::make_unique<postgres_documents>(db);
  roles.chunks = std::make_unique<postgres_chunks>(db);
  roles.jobs = std::make_unique<postgres_jobs>(db);
  roles.users = std::make_unique<postgres_users>(db);
  roles.sessions = std::make_unique<postgres_sessions>(db);
  roles.conversations = std::make_unique<postgres_conversations>(db);
  roles.health = db;
  roles.pooled = db;
  return std::make_unique<document_store>("postgres", std::move(roles));
}

}  // namespace ragbench::server
