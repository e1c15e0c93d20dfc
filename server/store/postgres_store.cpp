// PostgreSQL document store: prepared statements over pooled pg_connections, one transaction per
// write, backend failures mapped to store_error and bad input to std::invalid_argument.
#include "server/store/postgres_store.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <type_traits>

#include "server/store/postgres_schema.hpp"
#include "server/store/store_validation.hpp"

namespace ragbench::server {
namespace {

constexpr pg_statement insert_document{
    "insert_document",
    "WITH d AS (INSERT INTO documents(title, content, content_type, metadata_json, created_at_ms) "
    "VALUES ($1, $2, $3, $4, $5) RETURNING id) "
    "INSERT INTO jobs(document_id, state, progress, total, error, created_at_ms, updated_at_ms) "
    "SELECT id, 'queued', 0, 0, '', $5, $5 FROM d RETURNING id, document_id"};
constexpr pg_statement select_document{
    "select_document",
    "SELECT id, title, content, content_type, metadata_json, created_at_ms FROM documents WHERE id = $1"};
constexpr pg_statement list_documents_page{
    "list_documents",
    "SELECT id, title, content_type, metadata_json, created_at_ms FROM documents WHERE id > $1 ORDER BY id LIMIT $2"};
constexpr pg_statement delete_document_row{"delete_document", "DELETE FROM documents WHERE id = $1 RETURNING id"};
constexpr pg_statement lock_document{"lock_document", "SELECT 1 FROM documents WHERE id = $1 FOR KEY SHARE"};
constexpr pg_statement delete_chunks{"delete_chunks", "DELETE FROM chunks WHERE document_id = $1"};
constexpr pg_statement insert_chunks{
    "insert_chunks",
    "INSERT INTO chunks(id, document_id, ordinal, text) SELECT u.id, $1, u.ordinal, u.text "
    "FROM unnest($2::bigint[], $3::integer[], $4::text[]) AS u(id, ordinal, text)"};
constexpr pg_statement select_chunk{"select_chunk", "SELECT id, document_id, ordinal, text FROM chunks WHERE id = $1"};
constexpr pg_statement chunks_page{
    "chunks_page", "SELECT id, document_id, ordinal, text FROM chunks WHERE id > $1 ORDER BY id LIMIT 512"};
constexpr pg_statement update_job_row{
    "update_job",
    "UPDATE jobs SET state = $1, progress = $2, total = $3, error = $4, updated_at_ms = $5 WHERE id = $6"};
constexpr pg_statement select_job{"select_job", "SELECT id, document_id, state, progress, total, error, "
                                            "created_at_ms, updated_at_ms FROM jobs WHERE id = $1"};
constexpr pg_statement select_unfinished_jobs{
    "unfinished_jobs", "SELECT id, document_id, state, progress, total, error, created_at_ms, updated_at_ms "
                       "FROM jobs WHERE state IN ('queued', 'running') ORDER BY id"};
constexpr pg_statement count_documents{"count_documents", "SELECT count(*) FROM documents"};
constexpr pg_statement count_chunks{"count_chunks", "SELECT count(*) FROM chunks"};

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

chunk read_chunk(const pg_rows& r, int row) {
  return chunk{r.uint64(row, 0), r.uint64(row, 1), static_cast<std::uint32_t>(r.int64(row, 2)),
               std::string(r.text(row, 3))};
}

// Appends `s` as one element of a PostgreSQL array literal: "..." with " and \ escaped.
void append_array_text(std::string& out, const std::string& s) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

// The transaction of one write: BEGIN now, ROLLBACK unless committed.
class pg_transaction {
 public:
  explicit pg_transaction(pg_connection& c) : c_(c) { c_.exec("BEGIN"); }
  ~pg_transaction() {
    if (!done_) c_.rollback_quietly();
  }
  pg_transaction(const pg_transaction&) = delete;
  pg_transaction& operator=(const pg_transaction&) = delete;
  void commit() {
    c_.exec("COMMIT");
    done_ = true;
  }

 private:
  pg_connection& c_;
  bool done_ = false;
};

}  // namespace

// Runs fn(connection) on a pooled connection; pool and backend failures become store_error, bad
// input std::invalid_argument. A dead connection is marked broken; when nothing completed on it
// during this call, the call is retried once on a fresh connection.
template <class F>
auto postgres_store::with_connection(F&& fn) {
  for (int attempt = 0;; ++attempt) {
    pool_lease lease;
    try {
      lease = pool_->acquire();
    } catch (const pool_timeout_error& e) {
      throw store_error(e.what());
    } catch (const pool_connect_error& e) {
      throw store_error(e.what());
    }
    auto& conn = lease.as<pg_connection>();
    const auto completed_before = conn.completed();
    try {
      if constexpr (std::is_void_v<decltype(fn(conn))>) {
        fn(conn);
        if (!conn.reusable()) lease.mark_broken();
        return;
      } else {
        auto result = fn(conn);
        if (!conn.reusable()) lease.mark_broken();
        return result;
      }
    } catch (const pg_error& e) {
      if (!conn.reusable()) lease.mark_broken();
      if (e.connection_lost() && conn.completed() == completed_before && attempt == 0) continue;
      if (e.bad_input()) throw std::invalid_argument(e.what());
      throw;
    } catch (...) {
      if (!conn.reusable()) lease.mark_broken();
      throw;
    }
  }
}

postgres_store::postgres_store(const std::string& url, const pool_options& pool,
                               std::chrono::milliseconds query_timeout)
    : url_(url), query_timeout_(query_timeout) {
  if (url.empty())
    throw std::invalid_argument("postgres store: postgres_url is required (--postgres-url postgresql://user@host/db)");
  char* error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(url.c_str(), &error);
  if (!parsed) {
    std::string message = error ? error : "out of memory";
    PQfreemem(error);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    throw std::invalid_argument("postgres store: bad postgres_url: " + message);
  }
  PQconninfoFree(parsed);
  const auto timeout = query_timeout_;
  pool_ = make_pool(
      "postgres", pool,
      [url, timeout](std::chrono::milliseconds connect_timeout) -> std::unique_ptr<pooled_connection> {
        return std::make_unique<pg_connection>(url, connect_timeout, timeout);
      },
      clock_);
  with_connection([](pg_connection& c) { return migrate_postgres_schema(c); });
}

postgres_store::~postgres_store() = default;

job postgres_store::create_document(document& doc) {
  prepare_new_document(doc);
  const std::string created = std::to_string(doc.created_at_ms);
  job j = with_connection([&](pg_connection& c) {
    pg_transaction tx(c);
    auto r = c.run(insert_document, {doc.title, doc.content, doc.content_type, doc.metadata_json, created});
    if (r.size() != 1) throw store_error("postgres store: insert returned no id");
    job out;
    out.id = r.uint64(0, 0);
    out.document_id = r.uint64(0, 1);
    tx.commit();
    return out;
  });
  j.state = job_state::queued;
  j.created_at_ms = j.updated_at_ms = doc.created_at_ms;
  doc.id = j.document_id;
  return j;
}

std::optional<document> postgres_store::get_document(std::uint64_t id) {
  return with_connection([&](pg_connection& c) -> std::optional<document> {
    auto r = c.run(select_document, {std::to_string(id)});
    if (r.empty()) return std::nullopt;
    return document{r.uint64(0, 0), std::string(r.text(0, 1)), std::string(r.text(0, 2)),
                    std::string(r.text(0, 3)), std::string(r.text(0, 4)), r.int64(0, 5)};
  });
}

document_page postgres_store::list_documents(std::uint64_t after_id, std::size_t limit) {
  validate_limit(limit);
  const std::size_t fetch = std::min<std::size_t>(limit, INT64_MAX - 1) + 1;
  return with_connection([&](pg_connection& c) {
    auto r = c.run(list_documents_page, {std::to_string(after_id), std::to_string(fetch)});
    document_page page;
    for (int i = 0; i < r.size(); ++i) {
      if (page.documents.size() == limit) {
        page.next_cursor = page.documents.back().id;
        break;
      }
      page.documents.push_back(document{r.uint64(i, 0), std::string(r.text(i, 1)), {}, std::string(r.text(i, 2)),
                                        std::string(r.text(i, 3)), r.int64(i, 4)});
    }
    return page;
  });
}

bool postgres_store::delete_document(std::uint64_t id) {
  return with_connection([&](pg_connection& c) {
    pg_transaction tx(c);
    // Chunks and jobs go with it through ON DELETE CASCADE.
    const bool existed = !c.run(delete_document_row, {std::to_string(id)}).empty();
    tx.commit();
    return existed;
  });
}

bool postgres_store::put_chunks(std::uint64_t document_id, const std::vector<chunk>& chunks) {
  validate_chunks(document_id, chunks);
  std::string ids = "{", ordinals = "{", texts = "{";
  for (const auto& ch : chunks) {
    if (ids.size() > 1) {
      ids += ',';
      ordinals += ',';
      texts += ',';
    }
    ids += std::to_string(ch.id);
    ordinals += std::to_string(ch.ordinal);
    append_array_text(texts, ch.text);
  }
  ids += '}';
  ordinals += '}';
  texts += '}';
  const std::string doc = std::to_string(document_id);
  return with_connection([&](pg_connection& c) {
    pg_transaction tx(c);
    // FOR KEY SHARE: a concurrent delete of the document waits for this transaction.
    if (c.run(lock_document, {doc}).empty()) return false;  // rolled back: nothing written
    c.run(delete_chunks, {doc});
    if (!chunks.empty()) c.run(insert_chunks, {doc, ids, ordinals, texts});
    tx.commit();
    return true;
  });
}

std::optional<chunk> postgres_store::get_chunk(std::uint64_t chunk_id) {
  return with_connection([&](pg_connection& c) -> std::optional<chunk> {
    auto r = c.run(select_chunk, {std::to_string(chunk_id)});
    if (r.empty()) return std::nullopt;
    return read_chunk(r, 0);
  });
}

void postgres_store::for_each_chunk(const std::function<void(const chunk&)>& fn) {
  std::uint64_t after = 0;
  for (;;) {
    auto page = with_connection([&](pg_connection& c) {
      auto r = c.run(chunks_page, {std::to_string(after)});
      std::vector<chunk> out;
      out.reserve(static_cast<std::size_t>(r.size()));
      for (int i = 0; i < r.size(); ++i) out.push_back(read_chunk(r, i));
      return out;
    });
    if (page.empty()) return;
    after = page.back().id;
    for (const auto& ch : page) fn(ch);
  }
}

void postgres_store::update_job(const job& j) {
  const std::int64_t updated = j.updated_at_ms != 0 ? j.updated_at_ms : unix_now_ms();
  with_connection([&](pg_connection& c) {
    c.run(update_job_row, {std::string(to_string(j.state)), std::to_string(j.progress), std::to_string(j.total),
                           j.error, std::to_string(updated), std::to_string(j.id)});
  });
}

std::optional<job> postgres_store::get_job(std::uint64_t id) {
  return with_connection([&](pg_connection& c) -> std::optional<job> {
    auto r = c.run(select_job, {std::to_string(id)});
    if (r.empty()) return std::nullopt;
    return read_job(r, 0);
  });
}

std::vector<job> postgres_store::unfinished_jobs() {
  return with_connection([&](pg_connection& c) {
    auto r = c.run(select_unfinished_jobs, {});
    std::vector<job> out;
    for (int i = 0; i < r.size(); ++i) out.push_back(read_job(r, i));
    return out;
  });
}

std::size_t postgres_store::document_count() {
  return with_connection([](pg_connection& c) { return static_cast<std::size_t>(c.run(count_documents, {}).uint64(0, 0)); });
}

std::size_t postgres_store::chunk_count() {
  return with_connection([](pg_connection& c) { return static_cast<std::size_t>(c.run(count_chunks, {}).uint64(0, 0)); });
}

bool postgres_store::ping() {
  return with_connection([this](pg_connection& c) {
    if (!c.ping(query_timeout_)) throw pg_error("postgres: ping (SELECT 1) failed", "", true);
    return true;
  });
}

std::vector<pool_snapshot> postgres_store::pools() const { return {pool_->snapshot()}; }

void postgres_store::observe_pool_acquire(pool_acquire_observer observer) { pool_->observe_acquire(std::move(observer)); }

}  // namespace ragbench::server
