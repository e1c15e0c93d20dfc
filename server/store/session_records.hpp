#pragma once
// The sessions role of a document store: the bearer tokens handed out by POST /v1/auth/login.
// Only a hash of each token is stored (server/auth/session_tokens.hpp), so a copy of the database
// does not let anyone log in; the token itself exists only in the client.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace ragbench::server {

struct session {
  std::string token_hash;          // hex SHA-256 of the token; the key
  std::uint64_t user_id = 0;
  std::int64_t created_at_ms = 0;  // Unix epoch milliseconds
  std::int64_t expires_at_ms = 0;  // the session is invalid from this instant on
};

// Thread-safe; writes are durable on return. Backend failures throw store_error; an empty
// token_hash or a user that does not exist std::invalid_argument.
class session_records {
 public:
  virtual ~session_records() = default;
  virtual void create(const session& s) = 0;
  // The session with this token hash, expired or not (the caller compares expires_at_ms), or
  // nullopt. A primary-key lookup.
  virtual std::optional<session> find(const std::string& token_hash) = 0;
  // Deletes the session; false when there was none.
  virtual bool remove(const std::string& token_hash) = 0;
  // Deletes every session with expires_at_ms <= now_ms (an index range); returns how many.
  virtual std::size_t remove_expired(std::int64_t now_ms) = 0;
};

}  // namespace ragbench::server
