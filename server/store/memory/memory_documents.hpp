#pragma once
// The documents role of the "memory" store. Costs: create and get O(log n), list O(limit + log n),
// remove O(chunks and jobs of the document + log n).
#include <memory>

#include "server/store/document_records.hpp"
#include "server/store/memory/memory_tables.hpp"

namespace ragbench::server {

class memory_documents final : public document_records {
 public:
  explicit memory_documents(std::shared_ptr<memory_tables> tables) : tables_(std::move(tables)) {}

  job create(document& doc) override;
  std::optional<document> get(std::uint64_t id) override;
  document_page list(std::uint64_t after_id, std::size_t limit) override;
  bool remove(std::uint64_t id) override;

 private:
  std::shared_ptr<memory_tables> tables_;
};

}  // namespace ragbench::server
