#pragma once
// The users role of a document store: accounts that log in (POST /v1/auth/register, /login).
// Usernames are unique; the password is stored only as a libsodium Argon2id string
// (server/auth/password_hasher.hpp), never in clear.
#include <cstdint>
#include <optional>
#include <string>

namespace ragbench::server {

struct user {
  std::uint64_t id = 0;            // assigned by the store on create (1, 2, ...); never reused
  std::string username;            // unique, case-sensitive, 3..64 bytes (checked by the auth layer)
  std::string password_hash;       // crypto_pwhash_str output ("$argon2id$v=19$m=...")
  std::int64_t created_at_ms = 0;  // Unix epoch milliseconds; now when 0
};

// Thread-safe; writes are durable on return. Backend failures throw store_error, bad arguments
// (empty username or hash) std::invalid_argument.
class user_records {
 public:
  virtual ~user_records() = default;
  // Creates the user and fills u.id (and created_at_ms when 0). False, and nothing written, when
  // the username is taken (a unique index decides, so two concurrent registrations of one name
  // cannot both succeed).
  virtual bool create(user& u) = 0;
  // The user with this exact username (an index lookup), or nullopt.
  virtual std::optional<user> find_by_name(const std::string& username) = 0;
  virtual std::optional<user> get(std::uint64_t id) = 0;
};

}  // namespace ragbench::server
