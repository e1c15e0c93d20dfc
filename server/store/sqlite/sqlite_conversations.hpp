#pragma once
// The conversations role of the "sqlite" store: listing walks the (user_id, id) index backwards,
// a conversation's messages the (conversation_id, id) index.
#include <memory>

#include "server/store/conversation_records.hpp"
#include "server/store/sqlite/sqlite_database.hpp"

namespace ragbench::server {

class sqlite_conversations final : public conversation_records {
 public:
  explicit sqlite_conversations(std::shared_ptr<sqlite_database> db) : db_(std::move(db)) {}
  void create(conversation& c) override;
  std::optional<conversation> get(std::uint64_t user_id, std::uint64_t id) override;
  conversation_page list(std::uint64_t user_id, std::uint64_t before_id, std::size_t limit) override;
  bool remove(std::uint64_t user_id, std::uint64_t id) override;
  bool add_message(std::uint64_t user_id, std::uint64_t conversation_id, conversation_message& m) override;
  std::vector<conversation_message> messages(std::uint64_t user_id, std::uint64_t conversation_id,
                                             std::size_t limit) override;

 private:
  std::shared_ptr<sqlite_database> db_;
};

}  // namespace ragbench::server
