#pragma once
// Users and their login sessions over the store's users and sessions roles: register, login
// (Argon2id check, a fresh random bearer token that expires after token_ttl), logout, and
// authenticate (token -> user). Every call may block on the store and on Argon2id (~85 ms at the
// default costs): call it from the compute pool, never from an I/O thread. Thread-safe.
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "server/auth/password_hasher.hpp"
#include "server/store/session_records.hpp"
#include "server/store/user_records.hpp"

namespace ragbench::server {

struct auth_options {
  password_costs costs;
  std::chrono::milliseconds token_ttl = std::chrono::hours(24);
};

struct issued_token {
  std::string token;           // give to the client; only its hash is stored
  std::int64_t expires_at_ms;  // Unix epoch milliseconds
  std::uint64_t user_id;
};

// Usernames: 3..64 bytes of letters, digits and . _ - @. Passwords: 8..1024 bytes, anything.
inline constexpr std::size_t min_username = 3, max_username = 64;
inline constexpr std::size_t min_password = 8, max_password = 1024;
// Empty when `name` is a valid username, else the reason ("may only contain ...").
std::string username_problem(std::string_view name);
inline constexpr std::string_view anonymous_username = "(anonymous)";

class auth_service {
 public:
  using wall_clock = std::function<std::int64_t()>;  // Unix epoch milliseconds
  // `users` and `sessions` must outlive the service. `now` defaults to the system clock (tests
  // pass a fake one to expire tokens).
  auth_service(user_records& users, session_records& sessions, auth_options options, wall_clock now = {});

  // Creates the user with the password's Argon2id hash; nullopt when the username is taken.
  // The caller has checked username_problem() and the password length.
  std::optional<user> register_user(const std::string& username, std::string_view password);
  // A new session for the right password; nullopt for a wrong password or an unknown user, which
  // cost the same (verify_unknown_user). Also purges expired sessions.
  std::optional<issued_token> login(const std::string& username, std::string_view password);
  // Ends the token's session; false when it was unknown (or already ended).
  bool logout(std::string_view token);
  // The user of a valid, unexpired token; nullopt otherwise (no store read for a token of the
  // wrong shape).
  std::optional<std::uint64_t> authenticate(std::string_view token);

  // The one shared user that owns conversations made without a token when --auth is off. Its
  // name, anonymous_username, is not a valid username, so nobody can register or log in as it.
  // Created on first use (or found, when another instance or an earlier run made it); cached.
  std::uint64_t anonymous_user();

  const auth_options& options() const { return options_; }
  const password_hasher& hasher() const { return hasher_; }

 private:
  user_records& users_;
  session_records& sessions_;
  auth_options options_;
  wall_clock now_;
  password_hasher hasher_;
  std::mutex anonymous_mutex_;
  std::uint64_t anonymous_id_ = 0;  // 0 until first use
};

}  // namespace ragbench::server
