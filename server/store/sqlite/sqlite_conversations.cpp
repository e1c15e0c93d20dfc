// Conversations and messages in SQLite. A message and its conversation's updated_at_ms /
// message_count change in one transaction.
#include "server/store/sqlite/sqlite_conversations.hpp"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include "server/store/user_validation.hpp"

namespace ragbench::server {
namespace {

constexpr const char* conversation_columns = "id, user_id, title, created_at_ms, updated_at_ms, message_count";

conversation read_conversation(const sqlite_statement& s) {
  return conversation{s.column_uint(0), s.column_uint(1), s.column_text(2),
                      s.column_int(3),  s.column_int(4),  s.column_uint(5)};
}

}  // namespace

void sqlite_conversations::create(conversation& c) {
  prepare_new_conversation(c);
  const bool inserted = db_->with_writer([&](sqlite_connection& writer) {
    auto s = writer.prepare(
        "INSERT INTO conversations(user_id, title, created_at_ms, updated_at_ms, message_count) "
        "SELECT id, ?, ?, ?, 0 FROM users WHERE id = ? RETURNING id");
    s.bind(1, c.title).bind(2, c.created_at_ms).bind(3, c.updated_at_ms).bind(4, c.user_id);
    if (!s.step()) return false;
    c.id = s.column_uint(0);
    s.run();
    return true;
  });
  if (!inserted) throw std::invalid_argument("create_conversation: no user " + std::to_string(c.user_id));
}

std::optional<conversation> sqlite_conversations::get(std::uint64_t user_id, std::uint64_t id) {
  validate_owner(user_id);
  return db_->with_reader([&](sqlite_connection& c) -> std::optional<conversation> {
    auto s = c.prepare(std::string("SELECT ") + conversation_columns + " FROM conversations WHERE id = ? AND user_id = ?");
    s.bind(1, id).bind(2, user_id);
    if (!s.step()) return std::nullopt;
    return read_conversation(s);
  });
}

conversation_page sqlite_conversations::list(std::uint64_t user_id, std::uint64_t before_id, std::size_t limit) {
  validate_owner(user_id);
  validate_conversation_limit(limit);
  const std::int64_t before = before_id == 0 ? INT64_MAX : static_cast<std::int64_t>(before_id);
  return db_->with_reader([&](sqlite_connection& c) {
    conversation_page page;
    auto s = c.prepare(std::string("SELECT ") + conversation_columns +
                       " FROM conversations WHERE user_id = ? AND id < ? ORDER BY id DESC LIMIT ?");
    s.bind(1, user_id).bind(2, before).bind(3, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX - 1) + 1));
    while (s.step()) {
      if (page.conversations.size() == limit) {
        page.next_cursor = page.conversations.back().id;
        break;
      }
      page.conversations.push_back(read_conversation(s));
    }
    return page;
  });
}

bool sqlite_conversations::remove(std::uint64_t user_id, std::uint64_t id) {
  validate_owner(user_id);
  return db_->with_writer([&](sqlite_connection& writer) {
    auto s = writer.prepare("DELETE FROM conversations WHERE id = ? AND user_id = ? RETURNING id");
    s.bind(1, id).bind(2, user_id);
    const bool existed = s.step();
    s.run();
    return existed;
  });
}

bool sqlite_conversations::add_message(std::uint64_t user_id, std::uint64_t conversation_id, conversation_message& m) {
  validate_owner(user_id);
  prepare_new_message(m, conversation_id);
  return db_->with_writer([&](sqlite_connection& writer) {
    sqlite_transaction tx(writer);
    {
      auto s = writer.prepare(
          "UPDATE conversations SET updated_at_ms = ?, message_count = message_count + 1 "
          "WHERE id = ? AND user_id = ? RETURNING id");
      s.bind(1, m.created_at_ms).bind(2, conversation_id).bind(3, user_id);
      const bool found = s.step();
      s.run();
      if (!found) return false;
    }
    {
      auto s = writer.prepare(
          "INSERT INTO messages(conversation_id, role, content, created_at_ms) VALUES (?, ?, ?, ?) RETURNING id");
      s.bind(1, conversation_id).bind(2, m.role).bind(3, m.content).bind(4, m.created_at_ms);
      if (!s.step()) throw store_error("sqlite store " + db_->path() + ": insert returned no id");
      m.id = s.column_uint(0);
      s.run();
    }
    tx.commit();
    return true;
  });
}

std::vector<conversation_message> sqlite_conversations::messages(std::uint64_t user_id, std::uint64_t conversation_id,
                                                                 std::size_t limit) {
  validate_owner(user_id);
  const std::int64_t fetch = limit == 0 ? INT64_MAX : static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX));
  return db_->with_reader([&](sqlite_connection& c) {
    std::vector<conversation_message> out;
    // The newest `limit` through the index backwards, then reversed to oldest first.
    auto s = c.prepare(
        "SELECT m.id, m.conversation_id, m.role, m.content, m.created_at_ms FROM messages m "
        "JOIN conversations c ON c.id = m.conversation_id "
        "WHERE m.conversation_id = ? AND c.user_id = ? ORDER BY m.id DESC LIMIT ?");
    s.bind(1, conversation_id).bind(2, user_id).bind(3, fetch);
    while (s.step()) {
      out.push_back(conversation_message{s.column_uint(0), s.column_uint(1), s.column_text(2), s.column_text(3),
                                         s.column_int(4)});
    }
    std::reverse(out.begin(), out.end());
    return out;
  });
}

}  // namespace ragbench::server
