#pragma once
// The users and sessions roles of the "postgres" store: usernames under a UNIQUE index, sessions
// by token hash (primary key) with an expiry index.
#include <memory>

#include "server/store/postgres/postgres_database.hpp"
#include "server/store/session_records.hpp"
#include "server/store/user_records.hpp"

namespace ragbench::server {

class postgres_users final : public user_records {
 public:
  explicit postgres_users(std::shared_ptr<postgres_database> db) : db_(std::move(db)) {}
  bool create(user& u) override;
  std::optional<user> find_by_name(const std::string& username) override;
  std::optional<user> get(std::uint64_t id) override;

 private:
  std::shared_ptr<postgres_database> db_;
};

class postgres_sessions final : public session_records {
 public:
  explicit postgres_sessions(std::shared_ptr<postgres_database> db) : db_(std::move(db)) {}
  void create(const session& s) override;
  std::optional<session> find(const std::string& token_hash) override;
  bool remove(const std::string& token_hash) override;
  std::size_t remove_expired(std::int64_t now_ms) override;

 private:
  std::shared_ptr<postgres_database> db_;
};

}  // namespace ragbench::server
