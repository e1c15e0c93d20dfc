#pragma once
// The users and sessions roles of the "memory" store. Costs O(log n) per call; remove_expired
// O(sessions).
#include <memory>

#include "server/store/memory/memory_account_tables.hpp"

namespace ragbench::server {

class memory_users final : public user_records {
 public:
  explicit memory_users(std::shared_ptr<memory_account_tables> tables) : tables_(std::move(tables)) {}
  bool create(user& u) override;
  std::optional<user> find_by_name(const std::string& username) override;
  std::optional<user> get(std::uint64_t id) override;

 private:
  std::shared_ptr<memory_account_tables> tables_;
};

class memory_sessions final : public session_records {
 public:
  explicit memory_sessions(std::shared_ptr<memory_account_tables> tables) : tables_(std::move(tables)) {}
  void create(const session& s) override;
  std::optional<session> find(const std::string& token_hash) override;
  bool remove(const std::string& token_hash) override;
  std::size_t remove_expired(std::int64_t now_ms) override;

 private:
  std::shared_ptr<memory_account_tables> tables_;
};

}  // namespace ragbench::server
