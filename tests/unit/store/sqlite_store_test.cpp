// sqlite_store specifics: durability across reopen, clear errors for bad files, concurrency.
#include <catch2/catch.hpp>

#include <atomic>
#include <fstream>
#include <sqlite3.h>
#include <csignal>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "server/store/sqlite_store.hpp"
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
    sqlite_store store(dir.path());
    document d = make_doc("durable");
    job_id = store.create_document(d).id;
    doc_id = d.id;
    REQUIRE(store.put_chunks(doc_id, {chunk{make_chunk_id(doc_id, 0), doc_id, 0, "alpha"}}));
    job j = *store.get_job(job_id);
    j.state = job_state::running;
    store.update_job(j);
  }
  REQUIRE(std::filesystem::exists(dir.path() / "ragbench.sqlite3"));
  sqlite_store store(dir.path());
  auto d = store.get_document(doc_id);
  REQUIRE(d);
  CHECK(d->title == "durable");
  CHECK(d->content_type == "text/markdown");
  CHECK(store.get_chunk(make_chunk_id(doc_id, 0))->text == "alpha");
  auto unfinished = store.unfinished_jobs();
  REQUIRE(unfinished.size() == 1);
  CHECK(unfinished[0].id == job_id);
  CHECK(unfinished[0].state == job_state::running);
  document next = make_doc("after reopen");
  store.create_document(next);
  CHECK(next.id == doc_id + 1);
}

TEST_CASE("an acknowledged document survives kill -9 of the writer process", "[store][sqlite]") {
  temp_dir dir;
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // The child acknowledges two writes, then dies without closing anything.
    sqlite_store store(dir.path());
    document d = make_doc("acknowledged");
    store.create_document(d);
    store.put_chunks(d.id, {chunk{make_chunk_id(d.id, 0), d.id, 0, "chunk text"}});
    ::kill(::getpid(), SIGKILL);
    ::_exit(0);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGKILL);
  sqlite_store store(dir.path());
  auto d = store.get_document(1);
  REQUIRE(d);
  CHECK(d->title == "acknowledged");
  CHECK(store.get_chunk(make_chunk_id(1, 0))->text == "chunk text");
  CHECK(store.unfinished_jobs().size() == 1);
}

TEST_CASE("sqlite reports bad files and directories as store_error", "[store][sqlite]") {
  temp_dir dir;
  SECTION("a corrupt database file") {
    std::ofstream(dir.path() / "ragbench.sqlite3") << std::string(8192, 'x');
    const auto msg = error_of([&] { sqlite_store store(dir.path()); });
    CHECK(msg.find("corrupt or not an SQLite database") != std::string::npos);
    CHECK(msg.find("ragbench.sqlite3") != std::string::npos);
  }
  SECTION("a data directory that is a file") {
    std::ofstream(dir.path() / "file") << "x";
    const auto msg = error_of([&] { sqlite_store store(dir.path() / "file"); });
    CHECK(msg.find("cannot create data directory") != std::string::npos);
  }
  SECTION("a database path that is a directory") {
    std::filesystem::create_directories(dir.path() / "ragbench.sqlite3");
    const auto msg = error_of([&] { sqlite_store store(dir.path()); });
    CHECK(msg.find("cannot open") != std::string::npos);
  }
  SECTION("a schema newer than this build") {
    { sqlite_store store(dir.path()); }
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((dir.path() / "ragbench.sqlite3").c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "UPDATE schema_version SET version = 99", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    const auto msg = error_of([&] { sqlite_store store(dir.path()); });
    CHECK(msg.find("schema version 99") != std::string::npos);
  }
}

TEST_CASE("sqlite stays correct under concurrent writers and readers", "[store][sqlite][threads]") {
  temp_dir dir;
  sqlite_store store(dir.path(), 2);  // fewer readers than reader threads: the pool must queue
  constexpr int writers = 3, readers = 3, docs_per_writer = 40;
  std::atomic<bool> writing{true};
  std::atomic<int> reader_errors{0};
  std::atomic<long> reads{0};
  std::vector<std::thread> pool;
  for (int w = 0; w < writers; ++w) {
    pool.emplace_back([&, w] {
      for (int i = 0; i < docs_per_writer; ++i) {
        document d = make_doc("w" + std::to_string(w) + "-" + std::to_string(i));
        job j = store.create_document(d);
        std::vector<chunk> chunks;
        for (std::uint32_t c = 0; c < 4; ++c) chunks.push_back(chunk{make_chunk_id(d.id, c), d.id, c, "t"});
        if (!store.put_chunks(d.id, chunks)) reader_errors.fetch_add(1);
        j.state = job_state::done;
        store.update_job(j);
        if (i % 4 == 0) store.delete_document(d.id);
      }
    });
  }
  for (int r = 0; r < readers; ++r) {
    pool.emplace_back([&] {
      do {
        try {
          auto page = store.list_documents(0, 20);
          for (const auto& d : page.documents)
            if (auto full = store.get_document(d.id); full && full->content != "content of " + full->title)
              reader_errors.fetch_add(1);
          store.chunk_count();
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
  CHECK(store.document_count() == kept);
  CHECK(store.chunk_count() == kept * 4);
  CHECK(store.unfinished_jobs().empty());
  std::size_t chunks_seen = 0;
  store.for_each_chunk([&](const chunk&) { ++chunks_seen; });
  CHECK(chunks_seen == kept * 4);
}

TEST_CASE("ping reports a healthy sqlite store", "[store][sqlite]") {
  temp_dir dir;
  sqlite_store store(dir.path());
  CHECK(store.ping());
  CHECK(store.path() == (dir.path() / "ragbench.sqlite3").string());
}

TEST_CASE("sqlite store: reader pool statistics and acquire observer", "[store][sqlite]") {
  temp_dir dir;
  ragbench::server::sqlite_store store(dir.path(), 3);
  std::atomic<int> observed{0};
  store.observe_pool_acquire([&](std::string_view pool, std::chrono::nanoseconds wait) {
    CHECK(pool == "sqlite_readers");
    CHECK(wait.count() >= 0);
    ++observed;
  });
  auto before = store.pools();
  REQUIRE(before.size() == 1);
  CHECK(before[0].max == 3);
  CHECK(before[0].in_use == 0);
  std::vector<std::thread> readers;
  for (int t = 0; t < 6; ++t) {
    readers.emplace_back([&] {
      for (int i = 0; i < 50; ++i) (void)store.document_count();
    });
  }
  for (auto& t : readers) t.join();
  auto after = store.pools();
  CHECK(after[0].acquired == 300);
  CHECK(observed == 300);
  CHECK(after[0].open <= 3);
  CHECK(after[0].open >= 1);
  CHECK(after[0].in_use == 0);
  CHECK(after[0].waiters == 0);
  CHECK(after[0].timeouts == 0);
}
