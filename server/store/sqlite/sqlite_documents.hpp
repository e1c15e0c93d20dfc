#pragma once
// The documents role of the "sqlite" store. Ids are AUTOINCREMENT: never reused. Writes are one
// transaction on the writer connection; reads use a pooled reader.
#include <memory>

#include "server/store/document_records.hpp"
#include "server/store/sqlite/sqlite_database.hpp"

namespace ragbench::server {

class sqlite_documents final : public document_records {
 public:
  explicit sqlite_documents(std::shared_ptr<sqlite_database> db) : db_(std::move(db)) {}

  job create(document& doc) override;
  std::optional<document> get(std::uint64_t id) override;
  document_page list(std::uint64_t after_id, std::size_t limit) override;
  // Chunks and jobs go with the document through ON DELETE CASCADE.
  bool remove(std::uint64_t id) override;

 private:
  std::shared_ptr<sqlite_database> db_;
};

}  // namespace ragbench::server
