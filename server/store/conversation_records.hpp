#pragma once
// The conversations role of a document store: a user's chat conversations and their messages
// (seed 004, Nebulus Gantry). Every call names the owning user, so one user can never read or
// change another's conversation: a conversation of someone else behaves as one that does not
// exist. Listing is newest first by id with a cursor; a conversation's messages come oldest first.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ragbench::server {

struct conversation {
  std::uint64_t id = 0;            // assigned by the store on create; never reused
  std::uint64_t user_id = 0;
  std::string title;
  std::int64_t created_at_ms = 0;  // Unix epoch milliseconds; now when 0
  std::int64_t updated_at_ms = 0;  // the last message's time (created_at_ms until one is added)
  std::uint64_t message_count = 0;
};

struct conversation_message {
  std::uint64_t id = 0;            // assigned by the store; increasing within the store
  std::uint64_t conversation_id = 0;
  std::string role;                // "user" or "assistant"
  std::string content;
  std::int64_t created_at_ms = 0;  // now when 0
};

struct conversation_page {
  std::vector<conversation> conversations;   // id descending (newest first)
  std::optional<std::uint64_t> next_cursor;  // pass back as `before_id` for the next page
};

// Thread-safe; writes are durable on return. Backend failures throw store_error, bad arguments
// (user 0, a role other than user/assistant, limit 0) std::invalid_argument. Indexes: conversations
// by (user_id, id), messages by (conversation_id, id); deleting a conversation deletes its messages.
class conversation_records {
 public:
  virtual ~conversation_records() = default;
  // Fills c.id, created_at_ms / updated_at_ms (when 0) and message_count = 0.
  virtual void create(conversation& c) = 0;
  // The user's conversation `id`, or nullopt (also when it belongs to another user).
  virtual std::optional<conversation> get(std::uint64_t user_id, std::uint64_t id) = 0;
  // The user's conversations with id < before_id (0 = from the newest), at most `limit` (>= 1).
  virtual conversation_page list(std::uint64_t user_id, std::uint64_t before_id, std::size_t limit) = 0;
  // Deletes the conversation and its messages; false when the user has no such conversation.
  virtual bool remove(std::uint64_t user_id, std::uint64_t id) = 0;
  // Appends a message to the user's conversation (filling m.id, m.conversation_id and
  // created_at_ms when 0) and sets the conversation's updated_at_ms; false when the user has no
  // such conversation (e.g. it was deleted meanwhile).
  virtual bool add_message(std::uint64_t user_id, std::uint64_t conversation_id, conversation_message& m) = 0;
  // The conversation's last `limit` messages (all when 0), oldest first. Empty when the user has
  // no such conversation.
  virtual std::vector<conversation_message> messages(std::uint64_t user_id, std::uint64_t conversation_id,
                                                     std::size_t limit = 0) = 0;
};

}  // namespace ragbench::server
