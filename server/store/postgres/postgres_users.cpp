// Users and sessions in PostgreSQL. Writes run inside BEGIN/COMMIT like every write of this store,
// so a retry after a lost connection never applies one twice (postgres_database.hpp).
#include "server/store/postgres/postgres_users.hpp"

#include <stdexcept>

#include "server/store/postgres/pg_transaction.hpp"
#include "server/store/user_validation.hpp"

namespace ragbench::server {
namespace {

constexpr pg_statement insert_user{
    "insert_user",
    "INSERT INTO users(username, password_hash, created_at_ms) VALUES ($1, $2, $3) "
    "ON CONFLICT (username) DO NOTHING RETURNING id"};
constexpr pg_statement select_user_by_name{
    "select_user_by_name", "SELECT id, username, password_hash, created_at_ms FROM users WHERE username = $1"};
constexpr pg_statement select_user{"select_user",
                                   "SELECT id, username, password_hash, created_at_ms FROM users WHERE id = $1"};
constexpr pg_statement insert_session{
    "insert_session",
    "INSERT INTO sessions(token_hash, user_id, created_at_ms, expires_at_ms) "
    "SELECT $1, id, $3, $4 FROM users WHERE id = $2 "
    "ON CONFLICT (token_hash) DO UPDATE SET user_id = EXCLUDED.user_id, created_at_ms = EXCLUDED.created_at_ms, "
    "expires_at_ms = EXCLUDED.expires_at_ms RETURNING 1"};
constexpr pg_statement select_session{
    "select_session", "SELECT token_hash, user_id, created_at_ms, expires_at_ms FROM sessions WHERE token_hash = $1"};
constexpr pg_statement delete_session{"delete_session", "DELETE FROM sessions WHERE token_hash = $1 RETURNING 1"};
constexpr pg_statement delete_expired_sessions{
    "delete_expired_sessions", "WITH d AS (DELETE FROM sessions WHERE expires_at_ms <= $1 RETURNING 1) "
                               "SELECT count(*) FROM d"};

std::optional<user> first_user(const pg_rows& r) {
  if (r.empty()) return std::nullopt;
  return user{r.uint64(0, 0), std::string(r.text(0, 1)), std::string(r.text(0, 2)), r.int64(0, 3)};
}

}  // namespace

bool postgres_users::create(user& u) {
  prepare_new_user(u);
  return db_->with_connection([&](pg_connection& c) {
    pg_transaction tx(c);
    auto r = c.run(insert_user, {u.username, u.password_hash, std::to_string(u.created_at_ms)});
    tx.commit();
    if (r.empty()) return false;
    u.id = r.uint64(0, 0);
    return true;
  });
}

std::optional<user> postgres_users::find_by_name(const std::string& username) {
  return db_->with_connection([&](pg_connection& c) { return first_user(c.run(select_user_by_name, {username})); });
}

std::optional<user> postgres_users::get(std::uint64_t id) {
  return db_->with_connection([&](pg_connection& c) { return first_user(c.run(select_user, {std::to_string(id)})); });
}

void postgres_sessions::create(const session& in) {
  session s = in;
  prepare_new_session(s);
  const bool inserted = db_->with_connection([&](pg_connection& c) {
    pg_transaction tx(c);
    const bool row = !c.run(insert_session, {s.token_hash, std::to_string(s.user_id), std::to_string(s.created_at_ms),
                                             std::to_string(s.expires_at_ms)})
                          .empty();
    tx.commit();
    return row;
  });
  if (!inserted) throw std::invalid_argument("create_session: no user " + std::to_string(s.user_id));
}

std::optional<session> postgres_sessions::find(const std::string& token_hash) {
  return db_->with_connection([&](pg_connection& c) -> std::optional<session> {
    auto r = c.run(select_session, {token_hash});
    if (r.empty()) return std::nullopt;
    return session{std::string(r.text(0, 0)), r.uint64(0, 1), r.int64(0, 2), r.int64(0, 3)};
  });
}

bool postgres_sessions::remove(const std::string& token_hash) {
  return db_->with_connection([&](pg_connection& c) {
    pg_transaction tx(c);
    const bool existed = !c.run(delete_session, {token_hash}).empty();
    tx.commit();
    return existed;
  });
}

std::size_t postgres_sessions::remove_expired(std::int64_t now_ms) {
  return db_->with_connection([&](pg_connection& c) {
    pg_transaction tx(c);
    const auto n = static_cast<std::size_t>(c.run(delete_expired_sessions, {std::to_string(now_ms)}).uint64(0, 0));
    tx.commit();
    return n;
  });
}

}  // namespace ragbench::server
