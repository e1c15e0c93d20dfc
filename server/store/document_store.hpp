#pragma once
// The document store: the durable record of documents, their chunks and their indexing jobs,
// seen through one small interface per role. A strategy (memory, sqlite, postgres; chosen by name
// in store_factory.cpp) provides one object per role over a backend they share (a connection, a
// pool, a locked set of maps), so a new role is one more interface and one more class per
// strategy, and no strategy repeats another's override list. Besides documents, chunks and jobs
// the store keeps the users, their login sessions and their conversations (seed 004).
#include <memory>
#include <string_view>

#include "server/store/chunk_records.hpp"
#include "server/store/conversation_records.hpp"
#include "server/store/document_records.hpp"
#include "server/store/job_records.hpp"
#include "server/store/session_records.hpp"
#include "server/store/store_health.hpp"
#include "server/store/user_records.hpp"

namespace ragbench::server {

class pooled_backend;

class document_store final {
 public:
  // The role objects of one strategy; they typically share its backend through shared_ptrs.
  struct roles {
    std::unique_ptr<document_records> documents;
    std::unique_ptr<chunk_records> chunks;
    std::unique_ptr<job_records> jobs;
    std::unique_ptr<user_records> users;
    std::unique_ptr<session_records> sessions;
    std::unique_ptr<conversation_records> conversations;
    std::shared_ptr<store_health> health;
    std::shared_ptr<pooled_backend> pooled;  // null for stores without connection pools
  };

  // `name`: the strategy name (static storage). Throws std::invalid_argument when a role other
  // than `pooled` is missing.
  document_store(std::string_view name, roles parts);

  document_records& documents() { return *roles_.documents; }
  chunk_records& chunks() { return *roles_.chunks; }
  job_records& jobs() { return *roles_.jobs; }
  user_records& users() { return *roles_.users; }
  session_records& sessions() { return *roles_.sessions; }
  conversation_records& conversations() { return *roles_.conversations; }
  store_health& health() { return *roles_.health; }
  // The store's connection pools as a role (pool/pooled_backend.hpp), or null for in-process
  // stores. Lives as long as the store.
  pooled_backend* pooled() { return roles_.pooled.get(); }
  // Strategy name as chosen on the command line: "memory", "sqlite", "postgres".
  std::string_view name() const { return name_; }

 private:
  std::string_view name_;
  roles roles_;
};

}  // namespace ragbench::server
