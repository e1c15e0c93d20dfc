// SQLite document store: schema, one writer connection under a mutex, a pool of reader connections.
#include "server/store/sqlite_store.hpp"

#include <chrono>

#include <stdexcept>
#include <system_error>

#include "server/store/store_validation.hpp"

namespace ragbench::server {

namespace {

constexpr const char* schema_sql = R"sql(
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  title TEXT NOT NULL,
  content TEXT NOT NULL,
  content_type TEXT NOT NULL,
  metadata_json TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS chunks (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_by_document ON chunks(document_id);
CREATE TABLE IF NOT EXISTS jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  state TEXT NOT NULL,
  progress INTEGER NOT NULL,
  total INTEGER NOT NULL,
  error TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS jobs_by_document ON jobs(document_id);
CREATE INDEX IF NOT EXISTS jobs_unfinished ON jobs(id) WHERE state IN ('queued', 'running');
)sql";

constexpr const char* job_columns =
    "id, document_id, state, progress, total, error, created_at_ms, updated_at_ms";

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

chunk read_chunk(const sqlite_statement& s) {
  chunk c;
  c.id = s.column_uint(0);
  c.document_id = s.column_uint(1);
  c.ordinal = static_cast<std::uint32_t>(s.column_int(2));
  c.text = s.column_text(3);
  return c;
}

}  // namespace

// Borrows a reader connection for one call and gives it back, even on exceptions.
class sqlite_store::reader_lease {
 public:
  explicit reader_lease(sqlite_store& store) : store_(store), conn_(store.acquire_reader()) {}
  ~reader_lease() { store_.release_reader(std::move(conn_)); }
  sqlite_connection* operator->() { return conn_.get(); }

 private:
  sqlite_store& store_;
  std::unique_ptr<sqlite_connection> conn_;
};

sqlite_store::sqlite_store(const std::filesystem::path& data_dir, std::size_t max_readers)
    : max_readers_(max_readers == 0 ? 1 : max_readers) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) throw store_error("sqlite store: cannot create data directory " + data_dir.string() + ": " + ec.message());
  path_ = (data_dir / "ragbench.sqlite3").string();
  writer_ = std::make_unique<sqlite_connection>(path_, sqlite_connection::role::writer);
  create_schema();
}

sqlite_store::~sqlite_store() = default;

void sqlite_store::create_schema() {
  std::lock_guard lock(writer_mutex_);
  sqlite_transaction tx(*writer_);
  writer_->exec(schema_sql);
  auto version = writer_->prepare("SELECT max(version) FROM schema_version");
  const std::int64_t found = version.step() ? version.column_int(0) : 0;
  if (found > schema_version)
    throw store_error("sqlite store " + path_ + ": schema version " + std::to_string(found) +
                      " is newer than this build supports (" + std::to_string(schema_version) + ")");
  if (found == 0) writer_->prepare("INSERT INTO schema_version(version) VALUES (?)").bind(1, std::int64_t{schema_version}).run();
  tx.commit();
}

std::unique_ptr<sqlite_connection> sqlite_store::acquire_reader() {
  auto started = std::chrono::steady_clock::now();
  std::unique_lock lock(readers_mutex_);
  ++reader_waiters_;
  reader_free_.wait(lock, [&] { return !idle_readers_.empty() || open_readers_ < max_readers_; });
  --reader_waiters_;
  ++readers_in_use_;
  ++readers_acquired_;
  auto observe = [&] {
    if (acquire_observer_) acquire_observer_("sqlite_readers", std::chrono::steady_clock::now() - started);
  };
  if (!idle_readers_.empty()) {
    auto conn = std::move(idle_readers_.back());
    idle_readers_.pop_back();
    lock.unlock();
    observe();
    return conn;
  }
  ++open_readers_;
  lock.unlock();
  try {
    auto conn = std::make_unique<sqlite_connection>(path_, sqlite_connection::role::reader);
    observe();
    return conn;
  } catch (...) {
    lock.lock();
    --open_readers_;
    --readers_in_use_;
    reader_free_.notify_one();
    throw;
  }
}

void sqlite_store::release_reader(std::unique_ptr<sqlite_connection> conn) {
  std::lock_guard lock(readers_mutex_);
  --readers_in_use_;
  idle_readers_.push_back(std::move(conn));
  reader_free_.notify_one();
}

std::vector<pool_snapshot> sqlite_store::pools() const {
  std::lock_guard lock(readers_mutex_);
  pool_snapshot p;
  p.name = "sqlite_readers";
  p.max = max_readers_;
  p.open = open_readers_;
  p.in_use = readers_in_use_;
  p.waiters = reader_waiters_;
  p.created = open_readers_;  // readers are never closed before the store is
  p.acquired = readers_acquired_;
  return {p};
}

job sqlite_store::create_document(document& doc) {
  prepare_new_document(doc);
  job j;
  j.state = job_state::queued;
  j.created_at_ms = j.updated_at_ms = doc.created_at_ms;
  std::lock_guard lock(writer_mutex_);
  sqlite_transaction tx(*writer_);
  {
    auto s = writer_->prepare(
        "INSERT INTO documents(title, content, content_type, metadata_json, created_at_ms) "
        "VALUES (?, ?, ?, ?, ?) RETURNING id");
    s.bind(1, doc.title).bind(2, doc.content).bind(3, doc.content_type).bind(4, doc.metadata_json);
    s.bind(5, doc.created_at_ms);
    if (!s.step()) throw store_error("sqlite store " + path_ + ": insert returned no id");
    j.document_id = s.column_uint(0);
    s.run();
  }
  {
    auto s = writer_->prepare(
        "INSERT INTO jobs(document_id, state, progress, total, error, created_at_ms, updated_at_ms) "
        "VALUES (?, 'queued', 0, 0, '', ?, ?) RETURNING id");
    s.bind(1, j.document_id).bind(2, j.created_at_ms).bind(3, j.updated_at_ms);
    if (!s.step()) throw store_error("sqlite store " + path_ + ": insert returned no id");
    j.id = s.column_uint(0);
    s.run();
  }
  tx.commit();
  doc.id = j.document_id;
  return j;
}

std::optional<document> sqlite_store::get_document(std::uint64_t id) {
  reader_lease r(*this);
  auto s = r->prepare(
      "SELECT id, title, content, content_type, metadata_json, created_at_ms FROM documents WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return document{s.column_uint(0), s.column_text(1), s.column_text(2), s.column_text(3),
                  s.column_text(4), s.column_int(5)};
}

document_page sqlite_store::list_documents(std::uint64_t after_id, std::size_t limit) {
  validate_limit(limit);
  document_page page;
  reader_lease r(*this);
  auto s = r->prepare(
      "SELECT id, title, content_type, metadata_json, created_at_ms FROM documents "
      "WHERE id > ? ORDER BY id LIMIT ?");
  s.bind(1, after_id).bind(2, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX - 1) + 1));
  while (s.step()) {
    if (page.documents.size() == limit) {
      page.next_cursor = page.documents.back().id;
      break;
    }
    page.documents.push_back(document{s.column_uint(0), s.column_text(1), {}, s.column_text(2),
                                      s.column_text(3), s.column_int(4)});
  }
  return page;
}

bool sqlite_store::delete_document(std::uint64_t id) {
  std::lock_guard lock(writer_mutex_);
  sqlite_transaction tx(*writer_);
  bool existed = false;
  {
    // Chunks and jobs go with it through ON DELETE CASCADE.
    auto s = writer_->prepare("DELETE FROM documents WHERE id = ? RETURNING id");
    s.bind(1, id);
    existed = s.step();
    s.run();
  }
  tx.commit();
  return existed;
}

bool sqlite_store::put_chunks(std::uint64_t document_id, const std::vector<chunk>& chunks) {
  validate_chunks(document_id, chunks);
  std::lock_guard lock(writer_mutex_);
  sqlite_transaction tx(*writer_);
  {
    auto exists = writer_->prepare("SELECT 1 FROM documents WHERE id = ?");
    exists.bind(1, document_id);
    if (!exists.step()) return false;  // the transaction rolls back: nothing written
  }
  writer_->prepare("DELETE FROM chunks WHERE document_id = ?").bind(1, document_id).run();
  for (const auto& c : chunks) {
    auto s = writer_->prepare("INSERT INTO chunks(id, document_id, ordinal, text) VALUES (?, ?, ?, ?)");
    s.bind(1, c.id).bind(2, document_id).bind(3, std::int64_t{c.ordinal}).bind(4, c.text).run();
  }
  tx.commit();
  return true;
}

std::optional<chunk> sqlite_store::get_chunk(std::uint64_t chunk_id) {
  reader_lease r(*this);
  auto s = r->prepare("SELECT id, document_id, ordinal, text FROM chunks WHERE id = ?");
  s.bind(1, chunk_id);
  if (!s.step()) return std::nullopt;
  return read_chunk(s);
}

void sqlite_store::for_each_chunk(const std::function<void(const chunk&)>& fn) {
  std::uint64_t after = 0;
  for (;;) {
    std::vector<chunk> page;
    {
      reader_lease r(*this);
      auto s = r->prepare("SELECT id, document_id, ordinal, text FROM chunks WHERE id > ? ORDER BY id LIMIT 512");
      s.bind(1, after);
      while (s.step()) page.push_back(read_chunk(s));
    }
    if (page.empty()) return;
    after = page.back().id;
    for (const auto& c : page) fn(c);
  }
}

void sqlite_store::update_job(const job& j) {
  std::lock_guard lock(writer_mutex_);
  auto s = writer_->prepare(
      "UPDATE jobs SET state = ?, progress = ?, total = ?, error = ?, updated_at_ms = ? WHERE id = ?");
  s.bind(1, to_string(j.state)).bind(2, j.progress).bind(3, j.total).bind(4, j.error);
  s.bind(5, j.updated_at_ms != 0 ? j.updated_at_ms : unix_now_ms()).bind(6, j.id).run();
}

std::optional<job> sqlite_store::get_job(std::uint64_t id) {
  reader_lease r(*this);
  auto s = r->prepare(std::string("SELECT ") + job_columns + " FROM jobs WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return read_job(s);
}

std::vector<job> sqlite_store::unfinished_jobs() {
  std::vector<job> out;
  reader_lease r(*this);
  auto s = r->prepare(std::string("SELECT ") + job_columns +
                      " FROM jobs WHERE state IN ('queued', 'running') ORDER BY id");
  while (s.step()) out.push_back(read_job(s));
  return out;
}

std::size_t sqlite_store::document_count() {
  reader_lease r(*this);
  auto s = r->prepare("SELECT count(*) FROM documents");
  return s.step() ? static_cast<std::size_t>(s.column_int(0)) : 0;
}

std::size_t sqlite_store::chunk_count() {
  reader_lease r(*this);
  auto s = r->prepare("SELECT count(*) FROM chunks");
  return s.step() ? static_cast<std::size_t>(s.column_int(0)) : 0;
}

bool sqlite_store::ping() {
  try {
    reader_lease r(*this);
    auto s = r->prepare("SELECT 1");
    return s.step() && s.column_int(0) == 1;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace ragbench::server
