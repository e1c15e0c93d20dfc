#pragma once
// The chunks role of the "postgres" store.
#include <memory>

#include "server/store/chunk_records.hpp"
#include "server/store/postgres/postgres_database.hpp"

namespace ragbench::server {

class postgres_chunks final : public chunk_records {
 public:
  explicit postgres_chunks(std::shared_ptr<postgres_database> db) : db_(std::move(db)) {}

  // One INSERT ... SELECT FROM unnest(arrays) for all chunks, inside the replacing transaction.
  bool replace(std::uint64_t document_id, const std::vector<chunk>& chunks) override;
  std::optional<chunk> get(std::uint64_t chunk_id) override;
  // Pages of 512 chunks by id; `fn` runs with no connection held.
  void for_each(const std::function<void(const chunk&)>& fn) override;

 private:
  std::shared_ptr<postgres_database> db_;
};

}  // namespace ragbench::server
