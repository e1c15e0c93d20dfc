#pragma once
// The users, sessions and conversations of the "memory" store: ordered maps under their own
// reader/writer lock (separate from the documents' lock, so chat traffic and indexing do not
// contend), shared by memory_users, memory_sessions and memory_conversations.
#include <cstdint>
#include <map>
#include <shared_mutex>
#include <string>
#include <utility>

#include "server/store/conversation_records.hpp"
#include "server/store/session_records.hpp"
#include "server/store/user_records.hpp"

namespace ragbench::server {

// The role objects lock `mutex` themselves; ids are never reused.
struct memory_account_tables {
  std::shared_mutex mutex;
  std::map<std::uint64_t, user> users;
  std::map<std::string, std::uint64_t> user_by_name;      // the unique username index
  std::map<std::string, session> sessions;                // by token hash
  std::map<std::uint64_t, conversation> conversations;    // by id
  std::map<std::pair<std::uint64_t, std::uint64_t>, conversation_message> messages;  // (conversation, id)
  std::uint64_t next_user_id = 1;
  std::uint64_t next_conversation_id = 1;
  std::uint64_t next_message_id = 1;
};

}  // namespace ragbench::server
