// The sqlite store: its role objects over one shared database.
#include "server/store/sqlite/sqlite_store.hpp"

#include "server/store/sqlite/sqlite_chunks.hpp"
#include "server/store/sqlite/sqlite_conversations.hpp"
#include "server/store/sqlite/sqlite_documents.hpp"
#include "server/store/sqlite/sqlite_jobs.hpp"
#include "server/store/sqlite/sqlite_users.hpp"

namespace ragbench::server {

std::unique_ptr<document_store> open_sqlite_store(const std::filesystem::path& data_dir, std::size_t max_readers) {
  auto db = std::make_shared<sqlite_database>(data_dir, max_readers);
  document_store::roles roles;
  roles.documents = std::make_unique<sqlite_documents>(db);
  roles.chunks = std::make_unique<sqlite_chunks>(db);
  roles.jobs = std::make_unique<sqlite_jobs>(db);
  roles.users = std::make_unique<sqlite_users>(db);
  roles.sessions = std::make_unique<sqlite_sessions>(db);
  roles.conversations = std::make_unique<sqlite_conversations>(db);
  roles.health = db;
  roles.pooled = db;
  return std::make_unique<document_store>("sqlite", std::move(roles));
}

}  // namespace ragbench::server
