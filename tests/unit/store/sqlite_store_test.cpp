// The sqlite store's specifics: durability across reopen, clear errors for bad files, concurrency.
#include <catch2/catch.hpp>

#include <atomic>
#include <fstream>
#include <sqlite3.h>
#include <csignal>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "server/store/sqlite/sqlite_database.hpp"
#include "server/store/sqlite/sqlite_store.hpp"
#include "server/store/store_error.hpp"
#include "temp_dir.hpp"

using namespace ragbench::server;
using ragbench::test::temp_dir;

namespace {

document make_doc(const std::string& title) {
  document d;
  d.title = title;
  d.content = "content of " + title;
  d.content_type = "text/markdown";
  return d;
}

std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const store_error& e) {
    return e.what();
  }
  return "no store_error";
}

}  // namespace

TEST_CASE("sqlite data survives close and reopen", "[store][sqlite]") {
  temp_dir dir;
  std::uint64_t doc_id = 0, job_id = 0;
  {
    auto store = open_sqlite_store(dir.path());
    document d = make_doc("durable");
    job_id = store->documents().create(d).id;
    doc_id = d.id;
    REQUIRE(store->chunks().replace(doc_id, {chunk{make_chunk_id(doc_id, 0), doc_id, 0, "alpha"}}));
    job j = *store->jobs().get(job_id);
    j.state = job_state::running;
    store->jobs().update(j);
  }
  REQUIRE(std::filesystem::exists(dir.path() / "ragbench.sqlite3"));
  auto store = open_sqlite_store(dir.path());
  auto d = store->documents().get(doc_id);
  REQUIRE(d);
  CHECK(d->title == "durable");
  CHECK(d->content_type == "text/markdown");
  CHECK(store->chunks().get(make_chunk_id(doc_id, 0))->text == "alpha");
  auto unfinished = store->jobs().unfinished();
  REQUIRE(unfinished.size() == 1);
  CHECK(unfinished[0].id == job_id);
  CHECK(unfinished[0].state == job_state::running);
  document next = make_doc("after reopen");
  store->documents().create(next);
  CHECK(next.id == doc_id + 1);
}

TEST_CASE("an acknowledged document survives kill -9 of the writer process", "[store][sqlite]") {
  temp_dir dir;
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // The child acknowledges two writes, then dies without closing anything.
    auto store = open_sqlite_store(dir.path());
    document d = make_doc("acknowledged");
    store->documents().create(d);
    store->chunks().replace(d.id, {chunk{make_chunk_id(d.id, 0), d.id, 0, "chunk text"}});
    ::kill(::getpid(), SIGKILL);
    ::_exit(0);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGKILL);
  auto store = open_sqlite_store(dir.path());
  auto d = store->documents().get(1);
  REQUIRE(d);
  CHECK(d->title == "acknowledged");
  CHECK(store->chunks().get(make_chunk_id(1, 0))->text == "chunk text");
  CHECK(store->jobs().unfinished().size() == 1);
}

TEST_CASE("sqlite reports bad files and directories as store_error", "[store][sqlite]") {
  temp_dir dir;
  SECTION("a corrupt database file") {
    std::ofstream(dir.path() / "ragbench.sqlite3") << std::string(8192, 'x');
    const auto msg = error_of([&] { auto store = open_sqlite_store(dir.path()); });
    CHECK(msg.find("corrupt or not an SQLite database") != std::string::npos);
    CHECK(msg.find("ragbench.sqlite3") != std::string::npos);
  }
  SECTION("a data directory that is a file") {
    std::ofstream(dir.path() / "file") << "x";
    const auto msg = error_of([&] { auto store = open_sqlite_store(dir.path() / "file"); });
    CHECK(msg.find("cannot create data directory") != std::string::npos);
  }
  SECTION("a database path that is a directory") {
    std::filesystem::create_directories(dir.path() / "ragbench.sqlite3");
    const auto msg = error_of([&] { auto store = open_sqlite_store(dir.path()); });
    CHECK(msg.find("cannot open") != std::string::npos);
  }
  SECTION("a schema newer than this build") {
    { auto store = open_sqlite_store(dir.path()); }
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((dir.path() / "ragbench.sqlite3").c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "UPDATE schema_version SET version = 99", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    const auto msg = error_of([&] { auto store = open_sqlite_store(dir.path()); });
    CHECK(msg.find("schema version 99") != std::string::npos);
  }
}

TEST_CASE("sqlite stays correct under concurrent writers and readers", "[store][sqlite][threads]") {
  temp_dir dir;
  auto store = open_sqlite_store(dir.path(), 2);  // fewer readers than reader threads: the pool must queue
  constexpr int writers = 3, readers = 3, docs_per_writer = 40;
  std::atomic<bool> writing{true};
  std::atomic<int> reader_errors{0};
  std::atomic<long> reads{0};
  std::vector<std::thread> pool;
  for (int w = 0; w < writers; ++w) {
    pool.emplace_back([&, w] {
      for (int i = 0; i < docs_per_writer; ++i) {
        document d = make_doc("w" + std::to_string(w) + "-" + std::to_string(i));
        job j = store->documents().create(d);
        std::vector<chunk> chunks;
        for (std::uint32_t c = 0; c < 4; ++c) chunks.push_back(chunk{make_chunk_id(d.id, c), d.id, c, "t"});
        if (!store->chunks().replace(d.id, chunks)) reader_errors.fetch_add(1);
        j.state = job_state::done;
        store->jobs().update(j);
        if (i % 4 == 0) store->documents().remove(d.id);
      }
    });
  }
  for (int r = 0; r < readers; ++r) {
    pool.emplace_back([&] {
      do {
        try {
          auto page = store->documents().list(0, 20);
          for (const auto& d : page.documents)
            if (auto full = store->documents().get(d.id); full && full->content != "content of " + full->title)
              reader_errors.fetch_add(1);
          store->health().chunk_count();
          reads.fetch_add(1);
        } catch (const std::exception&) {
          reader_errors.fetch_add(1);
        }
      } while (writing.load());
    });
  }
  for (int w = 0; w < writers; ++w) pool[static_cast<std::size_t>(w)].join();
  writing = false;
  for (std::size_t r = writers; r < pool.size(); ++r) pool[r].join();
  CHECK(reader_errors.load() == 0);
  CHECK(reads.load() > 0);
  const std::size_t kept = writers * (docs_per_writer - docs_per_writer / 4);
  CHECK(store->health().document_count() == kept);
  CHECK(store->health().chunk_count() == kept * 4);
  CHECK(store->jobs().unfinished().empty());
  std::size_t chunks_seen = 0;
  store->chunks().for_each([&](const chunk&) { ++chunks_seen; });
  CHECK(chunks_seen == kept * 4);
}

TEST_CASE("ping reports a healthy sqlite database", "[store][sqlite]") {
  temp_dir dir;
  sqlite_database db(dir.path());
  CHECK(db.ping());
  CHECK(db.path() == (dir.path() / "ragbench.sqlite3").string());
}

TEST_CASE("sqlite database: reader pool statistics and acquire observer", "[store][sqlite]") {
  temp_dir dir;
  sqlite_database db(dir.path(), 3);
  std::atomic<int> observed{0};
  db.observe_pool_acquire([&](std::string_view pool, std::chrono::nanoseconds wait) {
    CHECK(pool == "sqlite_readers");
    CHECK(wait.count() >= 0);
    ++observed;
  });
  auto before = db.pools();
  REQUIRE(before.size() == 1);
  CHECK(before[0].max == 3);
  CHECK(before[0].in_use == 0);
  std::vector<std::thread> readers;
  for (int t = 0; t < 6; ++t) {
    readers.emplace_back([&] {
      for (int i = 0; i < 50; ++i) (void)db.document_count();
    });
  }
  for (auto& t : readers) t.join();
  auto after = db.pools();
  CHECK(after[0].acquired == 300);
  CHECK(observed == 300);
  CHECK(after[0].open <= 3);
  CHECK(after[0].open >= 1);
  CHECK(after[0].in_use == 0);
  CHECK(after[0].waiters == 0);
  CHECK(after[0].timeouts == 0);
}

TEST_CASE("sqlite migrates a version-1 database to the accounts schema and keeps its documents", "[store][sqlite]") {
  temp_dir dir;
  {
    // The schema a version-1 build wrote: documents, chunks and jobs only.
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((dir.path() / "ragbench.sqlite3").c_str(), &db) == SQLITE_OK);
    const char* v1 =
        "CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1);"
        "CREATE TABLE documents (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, content TEXT NOT NULL,"
        " content_type TEXT NOT NULL, metadata_json TEXT NOT NULL, created_at_ms INTEGER NOT NULL);"
        "INSERT INTO documents(title, content, content_type, metadata_json, created_at_ms)"
        " VALUES ('old', 'kept', 'text/plain', '{}', 1);";
    REQUIRE(sqlite3_exec(db, v1, nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  auto store = open_sqlite_store(dir.path());
  REQUIRE(store->documents().get(1));
  CHECK(store->documents().get(1)->content == "kept");
  user u;
  u.username = "migrated";
  u.password_hash = "h";
  REQUIRE(store->users().create(u));
  conversation c{0, u.id, "first"};
  store->conversations().create(c);
  CHECK(store->conversations().list(u.id, 0, 10).conversations.size() == 1);
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open((dir.path() / "ragbench.sqlite3").c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT group_concat(version) FROM schema_version", -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) == "2");
  sqlite3_finalize(st);
  sqlite3_close(db);
}
