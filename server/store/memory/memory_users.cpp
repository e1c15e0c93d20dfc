// Users (with the unique-name index) and sessions in the memory store's account tables.
#include "server/store/memory/memory_users.hpp"

#include <mutex>
#include <stdexcept>

#include "server/store/user_validation.hpp"

namespace ragbench::server {

bool memory_users::create(user& u) {
  prepare_new_user(u);
  std::unique_lock lock(tables_->mutex);
  if (tables_->user_by_name.count(u.username) != 0) return false;
  u.id = tables_->next_user_id++;
  tables_->user_by_name.emplace(u.username, u.id);
  tables_->users.emplace(u.id, u);
  return true;
}

std::optional<user> memory_users::find_by_name(const std::string& username) {
  std::shared_lock lock(tables_->mutex);
  auto it = tables_->user_by_name.find(username);
  if (it == tables_->user_by_name.end()) return std::nullopt;
  return tables_->users.at(it->second);
}

std::optional<user> memory_users::get(std::uint64_t id) {
  std::shared_lock lock(tables_->mutex);
  auto it = tables_->users.find(id);
  if (it == tables_->users.end()) return std::nullopt;
  return it->second;
}

void memory_sessions::create(const session& s) {
  session copy = s;
  prepare_new_session(copy);
  std::unique_lock lock(tables_->mutex);
  if (tables_->users.count(copy.user_id) == 0)
    throw std::invalid_argument("create_session: no user " + std::to_string(copy.user_id));
  tables_->sessions[copy.token_hash] = copy;
}

std::optional<session> memory_sessions::find(const std::string& token_hash) {
  std::shared_lock lock(tables_->mutex);
  auto it = tables_->sessions.find(token_hash);
  if (it == tables_->sessions.end()) return std::nullopt;
  return it->second;
}

bool memory_sessions::remove(const std::string& token_hash) {
  std::unique_lock lock(tables_->mutex);
  return tables_->sessions.erase(token_hash) != 0;
}

std::size_t memory_sessions::remove_expired(std::int64_t now_ms) {
  std::unique_lock lock(tables_->mutex);
  return std::erase_if(tables_->sessions, [now_ms](const auto& kv) { return kv.second.expires_at_ms <= now_ms; });
}

}  // namespace ragbench::server
