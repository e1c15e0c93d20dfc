// Jobs in PostgreSQL.
#include "server/store/postgres/postgres_jobs.hpp"

#include <string>

#include "server/store/store_validation.hpp"

namespace ragbench::server {
namespace {

constexpr pg_statement update_job_row{
    "update_job",
    "UPDATE jobs SET state = $1, progress = $2, total = $3, error = $4, updated_at_ms = $5 WHERE id = $6"};
constexpr pg_statement select_job{"select_job", "SELECT id, document_id, state, progress, total, error, "
                                            "created_at_ms, updated_at_ms FROM jobs WHERE id = $1"};
constexpr pg_statement select_unfinished_jobs{
    "unfinished_jobs", "SELECT id, document_id, state, progress, total, error, created_at_ms, updated_at_ms "
                       "FROM jobs WHERE state IN ('queued', 'running') ORDER BY id"};

job read_job(const pg_rows& r, int row) {
  job j;
  j.id = r.uint64(row, 0);
  j.document_id = r.uint64(row, 1);
  j.state = parse_job_state(r.text(row, 2)).value_or(job_state::failed);
  j.progress = r.uint64(row, 3);
  j.total = r.uint64(row, 4);
  j.error = std::string(r.text(row, 5));
  j.created_at_ms = r.int64(row, 6);
  j.updated_at_ms = r.int64(row, 7);
  return j;
}

}  // namespace

void postgres_jobs::update(const job& j) {
  const std::int64_t updated = j.updated_at_ms != 0 ? j.updated_at_ms : unix_now_ms();
  db_->with_connection([&](pg_connection& c) {
    c.run(update_job_row, {std::string(to_string(j.state)), std::to_string(j.progress), std::to_string(j.total),
                           j.error, std::to_string(updated), std::to_string(j.id)});
  });
}

std::optional<job> postgres_jobs::get(std::uint64_t id) {
  return db_->with_connection([&](pg_connection& c) -> std::optional<job> {
    auto r = c.run(select_job, {std::to_string(id)});
    if (r.empty()) return std::nullopt;
    return read_job(r, 0);
  });
}

std::vector<job> postgres_jobs::unfinished() {
  return db_->with_connection([&](pg_connection& c) {
    auto r = c.run(select_unfinished_jobs, {});
    std::vector<job> out;
    for (int i = 0; i < r.size(); ++i) out.push_back(read_job(r, i));
    return out;
  });
}

}  // namespace ragbench::server
