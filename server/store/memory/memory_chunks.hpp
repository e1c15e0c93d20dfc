#pragma once
// The chunks role of the "memory" store. Costs: replace O(chunks of the document + log n), get
// O(log n), for_each O(n) (iterates over a snapshot, so `fn` may call back into the store).
#include <memory>

#include "server/store/chunk_records.hpp"
#include "server/store/memory/memory_tables.hpp"

namespace ragbench::server {

class memory_chunks final : public chunk_records {
 public:
  explicit memory_chunks(std::shared_ptr<memory_tables> tables) : tables_(std::move(tables)) {}

  bool replace(std::uint64_t document_id, const std::vector<chunk>& chunks) override;
  std::optional<chunk> get(std::uint64_t chunk_id) override;
  void for_each(const std::function<void(const chunk&)>& fn) override;

 private:
  std::shared_ptr<memory_tables> tables_;
};

}  // namespace ragbench::server
