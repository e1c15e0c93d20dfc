// Shared checks of the users, sessions and conversations roles.
#include "server/store/user_validation.hpp"

#include <stdexcept>

#include "server/store/store_validation.hpp"

namespace ragbench::server {

void prepare_new_user(user& u) {
  if (u.username.empty()) throw std::invalid_argument("create_user: empty username");
  if (u.password_hash.empty()) throw std::invalid_argument("create_user: empty password hash");
  u.id = 0;
  if (u.created_at_ms == 0) u.created_at_ms = unix_now_ms();
}

void prepare_new_session(session& s) {
  if (s.token_hash.empty()) throw std::invalid_argument("create_session: empty token hash");
  if (s.user_id == 0) throw std::invalid_argument("create_session: user id 0");
  if (s.created_at_ms == 0) s.created_at_ms = unix_now_ms();
}

void validate_owner(std::uint64_t user_id) {
  if (user_id == 0) throw std::invalid_argument("conversations: user id 0");
}

void prepare_new_conversation(conversation& c) {
  validate_owner(c.user_id);
  c.id = 0;
  if (c.created_at_ms == 0) c.created_at_ms = unix_now_ms();
  c.updated_at_ms = c.created_at_ms;
  c.message_count = 0;
}

void prepare_new_message(conversation_message& m, std::uint64_t conversation_id) {
  if (m.role != "user" && m.role != "assistant")
    throw std::invalid_argument("add_message: role must be user or assistant, got '" + m.role + "'");
  m.id = 0;
  m.conversation_id = conversation_id;
  if (m.created_at_ms == 0) m.created_at_ms = unix_now_ms();
}

void validate_conversation_limit(std::size_t limit) {
  if (limit == 0) throw std::invalid_argument("list_conversations: limit must be at least 1");
}

}  // namespace ragbench::server
