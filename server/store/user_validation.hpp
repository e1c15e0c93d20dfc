#pragma once
// Argument checks and defaults of the users, sessions and conversations roles, shared by every
// store so all strategies reject the same inputs with the same messages (std::invalid_argument).
#include "server/store/conversation_records.hpp"
#include "server/store/session_records.hpp"
#include "server/store/user_records.hpp"

namespace ragbench::server {

// Non-empty username and hash; id reset to 0; created_at_ms now when 0.
void prepare_new_user(user& u);
// Non-empty token_hash, user_id > 0, created_at_ms now when 0.
void prepare_new_session(session& s);
// user_id > 0; id reset, created_at_ms now when 0, updated_at_ms = created_at_ms, no messages.
void prepare_new_conversation(conversation& c);
// user_id > 0 (checked by every conversation call).
void validate_owner(std::uint64_t user_id);
// role "user" or "assistant"; id reset; created_at_ms now when 0; conversation_id set.
void prepare_new_message(conversation_message& m, std::uint64_t conversation_id);
// limit >= 1 for conversation listing.
void validate_conversation_limit(std::size_t limit);

}  // namespace ragbench::server
