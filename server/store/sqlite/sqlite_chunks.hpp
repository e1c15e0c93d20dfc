#pragma once
// The chunks role of the "sqlite" store. replace is one transaction on the writer connection;
// for_each reads pages of 512 chunks and calls `fn` with no connection held.
#include <memory>

#include "server/store/chunk_records.hpp"
#include "server/store/sqlite/sqlite_database.hpp"

namespace ragbench::server {

class sqlite_chunks final : public chunk_records {
 public:
  explicit sqlite_chunks(std::shared_ptr<sqlite_database> db) : db_(std::move(db)) {}

  bool replace(std::uint64_t document_id, const std::vector<chunk>& chunks) override;
  std::optional<chunk> get(std::uint64_t chunk_id) override;
  void for_each(const std::function<void(const chunk&)>& fn) override;

 private:
  std::shared_ptr<sqlite_database> db_;
};

}  // namespace ragbench::server
