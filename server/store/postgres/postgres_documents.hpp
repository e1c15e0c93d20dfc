#pragma once
// The documents role of the "postgres" store: prepared statements over postgres_database's pool;
// create and remove are one transaction each.
#include <memory>

#include "server/store/document_records.hpp"
#include "server/store/postgres/postgres_database.hpp"

namespace ragbench::server {

class postgres_documents final : public document_records {
 public:
  explicit postgres_documents(std::shared_ptr<postgres_database> db) : db_(std::move(db)) {}

  // One statement inserts the document and its queued job.
  job create(document& doc) override;
  std::optional<document> get(std::uint64_t id) override;
  document_page list(std::uint64_t after_id, std::size_t limit) override;
  // Chunks and jobs go with the document through ON DELETE CASCADE.
  bool remove(std::uint64_t id) override;

 private:
  std::shared_ptr<postgres_database> db_;
};

}  // namespace ragbench::server
