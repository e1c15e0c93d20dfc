#pragma once
// The jobs role of the "sqlite" store. Ids are AUTOINCREMENT: never reused.
#include <memory>

#include "server/store/job_records.hpp"
#include "server/store/sqlite/sqlite_database.hpp"

namespace ragbench::server {

class sqlite_jobs final : public job_records {
 public:
  explicit sqlite_jobs(std::shared_ptr<sqlite_database> db) : db_(std::move(db)) {}

  void update(const job& j) override;
  std::optional<job> get(std::uint64_t id) override;
  std::vector<job> unfinished() override;

 private:
  std::shared_ptr<sqlite_database> db_;
};

}  // namespace ragbench::server
