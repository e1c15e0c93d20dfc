// Jobs in SQLite: updated on the writer connection, read from a pooled reader.
#include "server/store/sqlite/sqlite_jobs.hpp"

#include <string>

#include "server/store/store_validation.hpp"

namespace ragbench::server {
namespace {

constexpr const char* job_columns = "id, document_id, state, progress, total, error, created_at_ms, updated_at_ms";

job read_job(const sqlite_statement& s) {
  job j;
  j.id = s.column_uint(0);
  j.document_id = s.column_uint(1);
  j.state = parse_job_state(s.column_text(2)).value_or(job_state::failed);
  j.progress = s.column_uint(3);
  j.total = s.column_uint(4);
  j.error = s.column_text(5);
  j.created_at_ms = s.column_int(6);
  j.updated_at_ms = s.column_int(7);
  return j;
}

}  // namespace

void sqlite_jobs::update(const job& j) {
  db_->with_writer([&](sqlite_connection& writer) {
    auto s = writer.prepare(
        "UPDATE jobs SET state = ?, progress = ?, total = ?, error = ?, updated_at_ms = ? WHERE id = ?");
    s.bind(1, to_string(j.state)).bind(2, j.progress).bind(3, j.total).bind(4, j.error);
    s.bind(5, j.updated_at_ms != 0 ? j.updated_at_ms : unix_now_ms()).bind(6, j.id).run();
  });
}

std::optional<job> sqlite_jobs::get(std::uint64_t id) {
  return db_->with_reader([&](sqlite_connection& c) -> std::optional<job> {
    auto s = c.prepare(std::string("SELECT ") + job_columns + " FROM jobs WHERE id = ?");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return read_job(s);
  });
}

std::vector<job> sqlite_jobs::unfinished() {
  return db_->with_reader([](sqlite_connection& c) {
    std::vector<job> out;
    auto s = c.prepare(std::string("SELECT ") + job_columns +
                       " FROM jobs WHERE state IN ('queued', 'running') ORDER BY id");
    while (s.step()) out.push_back(read_job(s));
    return out;
  });
}

}  // namespace ragbench::server
