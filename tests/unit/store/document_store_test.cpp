// document_store itself: the roles a strategy supplies are the ones callers reach, and a strategy
// that forgets a role is refused at construction rather than crashing on first use.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "server/store/document_store.hpp"
#include "server/store/memory/memory_chunks.hpp"
#include "server/store/memory/memory_conversations.hpp"
#include "server/store/memory/memory_documents.hpp"
#include "server/store/memory/memory_jobs.hpp"
#include "server/store/memory/memory_users.hpp"

using namespace ragbench::server;

namespace {

document_store::roles memory_roles(const std::shared_ptr<memory_tables>& tables) {
  document_store::roles r;
  r.documents = std::make_unique<memory_documents>(tables);
  r.chunks = std::make_unique<memory_chunks>(tables);
  r.jobs = std::make_unique<memory_jobs>(tables);
  auto accounts = std::make_shared<memory_account_tables>();
  r.users = std::make_unique<memory_users>(accounts);
  r.sessions = std::make_unique<memory_sessions>(accounts);
  r.conversations = std::make_unique<memory_conversations>(accounts);
  r.health = tables;
  return r;
}

}  // namespace

TEST_CASE("document_store hands out the roles it was built from", "[store]") {
  auto tables = std::make_shared<memory_tables>();
  document_store store("memory", memory_roles(tables));
  CHECK(store.name() == "memory");
  CHECK(&store.health() == tables.get());
  CHECK(store.pooled() == nullptr);
  document d;
  d.title = "t";
  const job j = store.documents().create(d);
  CHECK(tables->documents.size() == 1);
  CHECK(store.jobs().get(j.id).has_value());
  CHECK(store.health().document_count() == 1);
}

TEST_CASE("document_store refuses a strategy with a missing role", "[store]") {
  auto tables = std::make_shared<memory_tables>();
  auto without = [&](auto drop) {
    auto r = memory_roles(tables);
    drop(r);
    return r;
  };
  CHECK_THROWS_AS(document_store("memory", without([](auto& r) { r.documents.reset(); })), std::invalid_argument);
  CHECK_THROWS_AS(document_store("memory", without([](auto& r) { r.chunks.reset(); })), std::invalid_argument);
  CHECK_THROWS_AS(document_store("memory", without([](auto& r) { r.jobs.reset(); })), std::invalid_argument);
  CHECK_THROWS_AS(document_store("memory", without([](auto& r) { r.health.reset(); })), std::invalid_argument);
  CHECK_THROWS_AS(document_store("memory", without([](auto& r) { r.users.reset(); })), std::invalid_argument);
  CHECK_THROWS_AS(document_store("memory", without([](auto& r) { r.sessions.reset(); })), std::invalid_argument);
  CHECK_THROWS_AS(document_store("memory", without([](auto& r) { r.conversations.reset(); })), std::invalid_argument);
}
