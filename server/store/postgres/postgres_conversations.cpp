// Conversations and messages in PostgreSQL. A message and its conversation's updated_at_ms /
// message_count change in one transaction.
#include "server/store/postgres/postgres_conversations.hpp"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include "server/store/postgres/pg_transaction.hpp"
#include "server/store/user_validation.hpp"

namespace ragbench::server {
namespace {

#define RAGBENCH_CONVERSATION_COLUMNS "id, user_id, title, created_at_ms, updated_at_ms, message_count"

constexpr pg_statement insert_conversation{
    "insert_conversation",
    "INSERT INTO conversations(user_id, title, created_at_ms, updated_at_ms, message_count) "
    "SELECT id, $2, $3, $3, 0 FROM users WHERE id = $1 RETURNING id"};
constexpr pg_statement select_conversation{
    "select_conversation",
    "SELECT " RAGBENCH_CONVERSATION_COLUMNS " FROM conversations WHERE id = $1 AND user_id = $2"};
constexpr pg_statement list_conversations_page{
    "list_conversations",
    "SELECT " RAGBENCH_CONVERSATION_COLUMNS " FROM conversations WHERE user_id = $1 AND id < $2 "
    "ORDER BY id DESC LIMIT $3"};
constexpr pg_statement delete_conversation{"delete_conversation",
                                           "DELETE FROM conversations WHERE id = $1 AND user_id = $2 RETURNING id"};
constexpr pg_statement touch_conversation{
    "touch_conversation",
    "UPDATE conversations SET updated_at_ms = $3, message_count = message_count + 1 "
    "WHERE id = $1 AND user_id = $2 RETURNING id"};
constexpr pg_statement insert_message{
    "insert_message",
    "INSERT INTO messages(conversation_id, role, content, created_at_ms) VALUES ($1, $2, $3, $4) RETURNING id"};
constexpr pg_statement select_messages{
    "select_messages",
    "SELECT m.id, m.conversation_id, m.role, m.content, m.created_at_ms FROM messages m "
    "JOIN conversations c ON c.id = m.conversation_id "
    "WHERE m.conversation_id = $1 AND c.user_id = $2 ORDER BY m.id DESC LIMIT $3"};

#undef RAGBENCH_CONVERSATION_COLUMNS

conversation read_conversation(const pg_rows& r, int row) {
  return conversation{r.uint64(row, 0), r.uint64(row, 1), std::string(r.text(row, 2)),
                      r.int64(row, 3),  r.int64(row, 4),  r.uint64(row, 5)};
}

}  // namespace

void postgres_conversations::create(conversation& c) {
  prepare_new_conversation(c);
  const bool inserted = db_->with_connection([&](pg_connection& pg) {
    pg_transaction tx(pg);
    auto r = pg.run(insert_conversation, {std::to_string(c.user_id), c.title, std::to_string(c.created_at_ms)});
    tx.commit();
    if (r.empty()) return false;
    c.id = r.uint64(0, 0);
    return true;
  });
  if (!inserted) throw std::invalid_argument("create_conversation: no user " + std::to_string(c.user_id));
}

std::optional<conversation> postgres_conversations::get(std::uint64_t user_id, std::uint64_t id) {
  validate_owner(user_id);
  return db_->with_connection([&](pg_connection& pg) -> std::optional<conversation> {
    auto r = pg.run(select_conversation, {std::to_string(id), std::to_string(user_id)});
    if (r.empty()) return std::nullopt;
    return read_conversation(r, 0);
  });
}

conversation_page postgres_conversations::list(std::uint64_t user_id, std::uint64_t before_id, std::size_t limit) {
  validate_owner(user_id);
  validate_conversation_limit(limit);
  const std::uint64_t before = before_id == 0 ? static_cast<std::uint64_t>(INT64_MAX) : before_id;
  const std::size_t fetch = std::min<std::size_t>(limit, INT64_MAX - 1) + 1;
  return db_->with_connection([&](pg_connection& pg) {
    auto r = pg.run(list_conversations_page, {std::to_string(user_id), std::to_string(before), std::to_string(fetch)});
    conversation_page page;
    for (int i = 0; i < r.size(); ++i) {
      if (page.conversations.size() == limit) {
        page.next_cursor = page.conversations.back().id;
        break;
      }
      page.conversations.push_back(read_conversation(r, i));
    }
    return page;
  });
}

bool postgres_conversations::remove(std::uint64_t user_id, std::uint64_t id) {
  validate_owner(user_id);
  return db_->with_connection([&](pg_connection& pg) {
    pg_transaction tx(pg);
    const bool existed = !pg.run(delete_conversation, {std::to_string(id), std::to_string(user_id)}).empty();
    tx.commit();
    return existed;
  });
}

bool postgres_conversations::add_message(std::uint64_t user_id, std::uint64_t conversation_id, conversation_message& m) {
  validate_owner(user_id);
  prepare_new_message(m, conversation_id);
  return db_->with_connection([&](pg_connection& pg) {
    pg_transaction tx(pg);
    const std::string created = std::to_string(m.created_at_ms);
    if (pg.run(touch_conversation, {std::to_string(conversation_id), std::to_string(user_id), created}).empty()) {
      return false;  // the transaction rolls back (nothing was changed)
    }
    auto r = pg.run(insert_message, {std::to_string(conversation_id), m.role, m.content, created});
    if (r.size() != 1) throw store_error("postgres store: insert returned no id");
    m.id = r.uint64(0, 0);
    tx.commit();
    return true;
  });
}

std::vector<conversation_message> postgres_conversations::messages(std::uint64_t user_id,
                                                                   std::uint64_t conversation_id, std::size_t limit) {
  validate_owner(user_id);
  const std::size_t fetch = limit == 0 ? static_cast<std::size_t>(INT64_MAX) : std::min<std::size_t>(limit, INT64_MAX);
  return db_->with_connection([&](pg_connection& pg) {
    auto r = pg.run(select_messages, {std::to_string(conversation_id), std::to_string(user_id), std::to_string(fetch)});
    std::vector<conversation_message> out;
    for (int i = r.size() - 1; i >= 0; --i) {
      out.push_back(conversation_message{r.uint64(i, 0), r.uint64(i, 1), std::string(r.text(i, 2)),
                                         std::string(r.text(i, 3)), r.int64(i, 4)});
    }
    return out;
  });
}

}  // namespace ragbench::server
