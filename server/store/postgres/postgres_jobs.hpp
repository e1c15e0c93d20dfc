#pragma once
// The jobs role of the "postgres" store.
#include <memory>

#include "server/store/job_records.hpp"
#include "server/store/postgres/postgres_database.hpp"

namespace ragbench::server {

class postgres_jobs final : public job_records {
 public:
  explicit postgres_jobs(std::shared_ptr<postgres_database> db) : db_(std::move(db)) {}

  // Absolute update (idempotent); a job that no longer exists is ignored.
  void update(const job& j) override;
  std::optional<job> get(std::uint64_t id) override;
  std::vector<job> unfinished() override;

 private:
  std::shared_ptr<postgres_database> db_;
};

}  // namespace ragbench::server
