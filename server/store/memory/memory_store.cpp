// The memory store: its role objects over one shared set of tables.
#include "server/store/memory/memory_store.hpp"

#include "server/store/memory/memory_chunks.hpp"
#include "server/store/memory/memory_conversations.hpp"
#include "server/store/memory/memory_documents.hpp"
#include "server/store/memory/memory_jobs.hpp"
#include "server/store/memory/memory_users.hpp"

namespace ragbench::server {

std::unique_ptr<document_store> open_memory_store() {
  auto tables = std::make_shared<memory_tables>();
  document_store::roles roles;
  roles.documents = std::make_unique<memory_documents>(tables);
  roles.chunks = std::make_unique<memory_chunks>(tables);
  roles.jobs = std::make_unique<memory_jobs>(tables);
  auto accounts = std::make_shared<memory_account_tables>();
  roles.users = std::make_unique<memory_users>(accounts);
  roles.sessions = std::make_unique<memory_sessions>(accounts);
  roles.conversations = std::make_unique<memory_conversations>(accounts);
  roles.health = tables;
  return std::make_unique<document_store>("memory", std::move(roles));
}

}  // namespace ragbench::server
