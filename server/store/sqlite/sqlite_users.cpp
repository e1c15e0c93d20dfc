// Users and sessions in SQLite: writes on the writer connection, reads from a pooled reader.
#include "server/store/sqlite/sqlite_users.hpp"

#include <stdexcept>

#include "server/store/user_validation.hpp"

namespace ragbench::server {
namespace {

user read_user(const sqlite_statement& s) {
  return user{s.column_uint(0), s.column_text(1), s.column_text(2), s.column_int(3)};
}

}  // namespace

bool sqlite_users::create(user& u) {
  prepare_new_user(u);
  return db_->with_writer([&](sqlite_connection& writer) {
    auto s = writer.prepare(
        "INSERT INTO users(username, password_hash, created_at_ms) VALUES (?, ?, ?) "
        "ON CONFLICT(username) DO NOTHING RETURNING id");
    s.bind(1, u.username).bind(2, u.password_hash).bind(3, u.created_at_ms);
    if (!s.step()) return false;
    u.id = s.column_uint(0);
    s.run();
    return true;
  });
}

std::optional<user> sqlite_users::find_by_name(const std::string& username) {
  return db_->with_reader([&](sqlite_connection& c) -> std::optional<user> {
    auto s = c.prepare("SELECT id, username, password_hash, created_at_ms FROM users WHERE username = ?");
    s.bind(1, username);
    if (!s.step()) return std::nullopt;
    return read_user(s);
  });
}

std::optional<user> sqlite_users::get(std::uint64_t id) {
  return db_->with_reader([&](sqlite_connection& c) -> std::optional<user> {
    auto s = c.prepare("SELECT id, username, password_hash, created_at_ms FROM users WHERE id = ?");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return read_user(s);
  });
}

void sqlite_sessions::create(const session& in) {
  session s = in;
  prepare_new_session(s);
  const bool inserted = db_->with_writer([&](sqlite_connection& writer) {
    auto st = writer.prepare(
        "INSERT OR REPLACE INTO sessions(token_hash, user_id, created_at_ms, expires_at_ms) "
        "SELECT ?, id, ?, ? FROM users WHERE id = ? RETURNING 1");
    st.bind(1, s.token_hash).bind(2, s.created_at_ms).bind(3, s.expires_at_ms).bind(4, s.user_id);
    const bool row = st.step();
    st.run();
    return row;
  });
  if (!inserted) throw std::invalid_argument("create_session: no user " + std::to_string(s.user_id));
}

std::optional<session> sqlite_sessions::find(const std::string& token_hash) {
  return db_->with_reader([&](sqlite_connection& c) -> std::optional<session> {
    auto s = c.prepare("SELECT token_hash, user_id, created_at_ms, expires_at_ms FROM sessions WHERE token_hash = ?");
    s.bind(1, token_hash);
    if (!s.step()) return std::nullopt;
    return session{s.column_text(0), s.column_uint(1), s.column_int(2), s.column_int(3)};
  });
}

bool sqlite_sessions::remove(const std::string& token_hash) {
  return db_->with_writer([&](sqlite_connection& writer) {
    auto s = writer.prepare("DELETE FROM sessions WHERE token_hash = ? RETURNING 1");
    s.bind(1, token_hash);
    const bool existed = s.step();
    s.run();
    return existed;
  });
}

std::size_t sqlite_sessions::remove_expired(std::int64_t now_ms) {
  return db_->with_writer([&](sqlite_connection& writer) {
    auto s = writer.prepare("DELETE FROM sessions WHERE expires_at_ms <= ? RETURNING 1");
    s.bind(1, now_ms);
    std::size_t n = 0;
    while (s.step()) ++n;
    return n;
  });
}

}  // namespace ragbench::server
