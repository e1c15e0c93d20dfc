// Register, login, logout, authenticate over the store's users and sessions roles.
#include "server/auth/auth_service.hpp"

#include <stdexcept>

#include "server/auth/session_tokens.hpp"
#include "server/store/store_validation.hpp"

namespace ragbench::server {

std::string username_problem(std::string_view name) {
  if (name.size() < min_username || name.size() > max_username)
    return "must be " + std::to_string(min_username) + " to " + std::to_string(max_username) + " bytes long";
  for (unsigned char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-' || c == '@';
    if (!ok) return "may only contain letters, digits and . _ - @";
  }
  return {};
}

auth_service::auth_service(user_records& users, session_records& sessions, auth_options options, wall_clock now)
    : users_(users), sessions_(sessions), options_(options), now_(now ? std::move(now) : wall_clock(unix_now_ms)),
      hasher_(options.costs) {}

std::optional<user> auth_service::register_user(const std::string& username, std::string_view password) {
  // Hash first: a taken name then costs what a free one does.
  user u;
  u.username = username;
  u.password_hash = hasher_.hash(password);
  u.created_at_ms = now_();
  if (!users_.create(u)) return std::nullopt;
  return u;
}

std::optional<issued_token> auth_service::login(const std::string& username, std::string_view password) {
  auto found = users_.find_by_name(username);
  if (!found) {
    hasher_.verify_unknown_user(password);
    return std::nullopt;
  }
  if (!hasher_.verify(found->password_hash, password)) return std::nullopt;
  const std::int64_t now = now_();
  sessions_.remove_expired(now);
  issued_token issued{new_session_token(), now + options_.token_ttl.count(), found->id};
  sessions_.create(session{session_token_hash(issued.token), found->id, now, issued.expires_at_ms});
  return issued;
}

bool auth_service::logout(std::string_view token) {
  if (!looks_like_session_token(token)) return false;
  return sessions_.remove(session_token_hash(token));
}

std::optional<std::uint64_t> auth_service::authenticate(std::string_view token) {
  if (!looks_like_session_token(token)) return std::nullopt;
  auto s = sessions_.find(session_token_hash(token));
  if (!s || s->expires_at_ms <= now_()) return std::nullopt;
  return s->user_id;
}

std::uint64_t auth_service::anonymous_user() {
  std::lock_guard lock(anonymous_mutex_);
  if (anonymous_id_ != 0) return anonymous_id_;
  const std::string name(anonymous_username);
  auto found = users_.find_by_name(name);
  if (!found) {
    // Not an Argon2id string: verify() rejects every password against it.
    user u{0, name, "!no-login", now_()};
    if (users_.create(u)) {
      found = u;
    } else {
      found = users_.find_by_name(name);  // another instance created it first
    }
  }
  if (!found) throw std::runtime_error("the anonymous user could not be created");
  anonymous_id_ = found->id;
  return anonymous_id_;
}

}  // namespace ragbench::server
