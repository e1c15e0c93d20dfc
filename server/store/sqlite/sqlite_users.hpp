#pragma once
// The users and sessions roles of the "sqlite" store: usernames under a UNIQUE index, sessions by
// token hash (primary key) with an expiry index.
#include <memory>

#include "server/store/session_records.hpp"
#include "server/store/sqlite/sqlite_database.hpp"
#include "server/store/user_records.hpp"

namespace ragbench::server {

class sqlite_users final : public user_records {
 public:
  explicit sqlite_users(std::shared_ptr<sqlite_database> db) : db_(std::move(db)) {}
  bool create(user& u) override;
  std::optional<user> find_by_name(const std::string& username) override;
  std::optional<user> get(std::uint64_t id) override;

 private:
  std::shared_ptr<sqlite_database> db_;
};

class sqlite_sessions final : public session_records {
 public:
  explicit sqlite_sessions(std::shared_ptr<sqlite_database> db) : db_(std::move(db)) {}
  void create(const session& s) override;
  std::optional<session> find(const std::string& token_hash) override;
  bool remove(const std::string& token_hash) override;
  std::size_t remove_expired(std::int64_t now_ms) override;

 private:
  std::shared_ptr<sqlite_database> db_;
};

}  // namespace ragbench::server
