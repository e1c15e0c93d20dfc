#pragma once
// The conversations role of the "memory" store. Costs: get, create, add_message O(log n); list
// O(conversations scanned), since the map is by id and not by user (the in-process store is for
// tests and demos); messages O(log n + messages returned); remove O(messages of it + log n).
#include <memory>

#include "server/store/memory/memory_account_tables.hpp"

namespace ragbench::server {

class memory_conversations final : public conversation_records {
 public:
  explicit memory_conversations(std::shared_ptr<memory_account_tables> tables) : tables_(std::move(tables)) {}
  void create(conversation& c) override;
  std::optional<conversation> get(std::uint64_t user_id, std::uint64_t id) override;
  conversation_page list(std::uint64_t user_id, std::uint64_t before_id, std::size_t limit) override;
  bool remove(std::uint64_t user_id, std::uint64_t id) override;
  bool add_message(std::uint64_t user_id, std::uint64_t conversation_id, conversation_message& m) override;
  std::vector<conversation_message> messages(std::uint64_t user_id, std::uint64_t conversation_id,
                                             std::size_t limit) override;

 private:
  std::shared_ptr<memory_account_tables> tables_;
};

}  // namespace ragbench::server
