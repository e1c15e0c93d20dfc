#pragma once
// The jobs role of the "memory" store. Costs: update and get O(log n), unfinished O(jobs).
#include <memory>

#include "server/store/job_records.hpp"
#include "server/store/memory/memory_tables.hpp"

namespace ragbench::server {

class memory_jobs final : public job_records {
 public:
  explicit memory_jobs(std::shared_ptr<memory_tables> tables) : tables_(std::move(tables)) {}

  void update(const job& j) override;
  std::optional<job> get(std::uint64_t id) override;
  std::vector<job> unfinished() override;

 private:
  std::shared_ptr<memory_tables> tables_;
};

}  // namespace ragbench::server
