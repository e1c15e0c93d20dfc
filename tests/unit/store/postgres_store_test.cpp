// The postgres store's specifics against a real PostgreSQL (tests/support/postgres_server): migrations,
// atomic writes, concurrent writers, and failure behaviour (server down, slow statement, pool
// exhausted) — every failure a store_error within its bound, never a hang, never a leaked lease.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "server/store/postgres/pg_connection.hpp"
#include "server/store/postgres/postgres_schema.hpp"
#include "server/store/postgres/postgres_store.hpp"
#include "support/postgres_server.hpp"

using namespace ragbench::server;
using ragbench::testing::shared_postgres_server;
using namespace std::chrono_literals;

namespace {

pool_options small_pool(std::string strategy = "fixed", std::size_t max = 3) {
  pool_options o;
  o.strategy = std::move(strategy);
  o.min = 1;
  o.max = max;
  o.overflow = 0;
  o.acquire_timeout = 5s;
  o.connect_timeout = 2s;
  return o;
}

document make_doc(const std::string& title, const std::string& content = "body") {
  document d;
  d.title = title;
  d.content = content;
  return d;
}

std::vector<chunk> make_chunks(std::uint64_t doc, std::uint32_t n, const std::string& prefix) {
  std::vector<chunk> out;
  for (std::uint32_t i = 0; i < n; ++i) out.push_back(chunk{make_chunk_id(doc, i), doc, i, prefix + std::to_string(i)});
  return out;
}

std::int64_t scalar(const std::string& url, const std::string& sql) {
  pg_connection c(url, 5s, 5s);
  return c.exec(sql).int64(0, 0);
}

std::string store_error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const store_error& e) {
    return e.what();
  }
  return "no store_error";
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

void require_no_leases(const pooled_backend& store) {
  for (const auto& p : store.pools()) REQUIRE(p.in_use == 0);
}

// Restarts the shared server even when an assertion ends the test early.
struct restart_on_exit {
  ~restart_on_exit() { shared_postgres_server().start(); }
};

}  // namespace

TEST_CASE("postgres migrations are idempotent, serialised and refuse a newer schema", "[store][postgres]") {
  const std::string url = shared_postgres_server().create_schema();
  SECTION("reopening keeps data and applies nothing twice") {
    std::uint64_t id = 0;
    {
      auto store = open_postgres_store(url, small_pool());
      document d = make_doc("kept");
      store->documents().create(d);
      id = d.id;
    }
    auto again = open_postgres_store(url, small_pool());
    REQUIRE(again->documents().get(id));
    CHECK(again->documents().get(id)->title == "kept");
    CHECK(scalar(url, "SELECT count(*) FROM schema_version") == postgres_schema_version());  // one row per version
    CHECK(scalar(url, "SELECT max(version) FROM schema_version") == postgres_schema_version());
    pg_connection c(url, 5s, 5s);
    CHECK(migrate_postgres_schema(c) == postgres_schema_version());  // found current: nothing to do
  }
  SECTION("servers starting together on an empty database all succeed") {
    std::atomic<int> ok{0};
    std::vector<std::thread> starters;
    for (int i = 0; i < 4; ++i) {
      starters.emplace_back([&] {
        try {
          auto s = open_postgres_store(url, small_pool("none"));
          ++ok;
        } catch (const std::exception&) {
        }
      });
    }
    for (auto& t : starters) t.join();
    CHECK(ok == 4);
    CHECK(scalar(url, "SELECT count(*) FROM schema_version") == postgres_schema_version());  // one row per version
  }
  SECTION("a schema newer than the build is a clear store_error") {
    { auto store = open_postgres_store(url, small_pool()); }
    pg_connection c(url, 5s, 5s);
    c.exec("INSERT INTO schema_version(version) VALUES (99)");
    const auto what = store_error_of([&] { auto s = open_postgres_store(url, small_pool()); });
    CHECK_THAT(what, Catch::Contains("newer") && Catch::Contains("99"));
  }
}

TEST_CASE("postgres writes are atomic: a failure mid-write leaves nothing behind", "[store][postgres]") {
  auto store = open_postgres_store(shared_postgres_server().create_schema(), small_pool("fixed", 1));
  document d = make_doc("atomic");
  store->documents().create(d);
  REQUIRE(store->chunks().replace(d.id, make_chunks(d.id, 3, "old ")));

  SECTION("a chunk set whose last chunk is rejected keeps the previous chunks") {
    auto bad = make_chunks(d.id, 4, "new ");
    bad[3].text = "invalid UTF-8 \xff\xfe";  // PostgreSQL rejects it after the DELETE already ran
    CHECK_THROWS_AS(store->chunks().replace(d.id, bad), std::invalid_argument);
    CHECK(store->health().chunk_count() == 3);
    CHECK(store->chunks().get(make_chunk_id(d.id, 2))->text == "old 2");
  }
  SECTION("a document that cannot be stored leaves neither document nor job") {
    document broken = make_doc("broken", std::string("nul \0 byte", 10));
    CHECK_THROWS_AS(store->documents().create(broken), std::invalid_argument);
    CHECK(store->health().document_count() == 1);
    CHECK(store->jobs().unfinished().size() == 1);
  }
  // The one pooled connection was rolled back and is usable again.
  REQUIRE(store->chunks().replace(d.id, make_chunks(d.id, 2, "after ")));
  CHECK(store->chunks().get(make_chunk_id(d.id, 1))->text == "after 1");
  require_no_leases(*store->pooled());
}

TEST_CASE("postgres handles concurrent writers and readers", "[store][postgres]") {
  const std::string strategy = GENERATE(as<std::string>{}, "none", "fixed", "elastic");
  auto store = open_postgres_store(shared_postgres_server().create_schema(), small_pool(strategy, 3));
  constexpr int threads = 4, per_thread = 8;
  std::vector<std::vector<std::uint64_t>> ids(threads);
  std::vector<std::thread> writers;
  for (int t = 0; t < threads; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        document d = make_doc("w" + std::to_string(t) + "-" + std::to_string(i));
        store->documents().create(d);
        store->chunks().replace(d.id, make_chunks(d.id, 3, "quote \" backslash \\ brace } comma , "));
        ids[t].push_back(d.id);
        store->documents().get(d.id);
      }
    });
  }
  for (auto& w : writers) w.join();
  std::set<std::uint64_t> all;
  for (const auto& v : ids) all.insert(v.begin(), v.end());
  CHECK(all.size() == threads * per_thread);
  CHECK(store->health().document_count() == threads * per_thread);
  CHECK(store->health().chunk_count() == threads * per_thread * 3);
  CHECK(store->chunks().get(make_chunk_id(*all.begin(), 2))->text == "quote \" backslash \\ brace } comma , 2");
  require_no_leases(*store->pooled());
  const auto p = store->pooled()->pools().at(0);
  CHECK(p.name == "postgres");
  CHECK(p.strategy == strategy);
  CHECK(p.open <= 3);
}

TEST_CASE("postgres down: store calls fail fast with store_error and recover by themselves", "[store][postgres][outage]") {
  auto& server = shared_postgres_server();
  const std::string url = server.create_schema();
  const std::string strategy = GENERATE(as<std::string>{}, "none", "fixed", "elastic");
  auto store = open_postgres_store(url, small_pool(strategy, 2));
  document d = make_doc("survivor");
  store->documents().create(d);
  REQUIRE(store->health().ping());
  {
    restart_on_exit restart;
    server.stop();
    for (int i = 0; i < 3; ++i) {  // idle pooled connections first, then fresh connection attempts
      const auto started = std::chrono::steady_clock::now();
      const auto what = store_error_of([&] { store->documents().get(d.id); });
      CHECK(seconds_since(started) < 2.0 + 1.0);  // connect_timeout + margin
      CHECK_THAT(what, Catch::Contains("127.0.0.1") || Catch::Contains("connection"));
    }
    CHECK_THAT(store_error_of([&] { store->health().ping(); }), !Catch::Equals("no store_error"));
    CHECK_THROWS_AS(open_postgres_store(url, small_pool()), store_error);
    require_no_leases(*store->pooled());
  }
  // Back: the same store object serves again; acknowledged data is there.
  REQUIRE(store->health().ping());
  REQUIRE(store->documents().get(d.id));
  document later = make_doc("later");
  store->documents().create(later);
  CHECK(store->health().document_count() == 2);
  require_no_leases(*store->pooled());
}

TEST_CASE("postgres: a statement past query_timeout is cancelled and its connection discarded", "[store][postgres]") {
  const std::string url = shared_postgres_server().create_schema();
  auto store = open_postgres_store(url, small_pool("fixed", 2), 300ms);
  document d = make_doc("locked");
  store->documents().create(d);
  pg_connection locker(url, 5s, 5s);
  locker.exec("BEGIN");
  locker.exec("LOCK TABLE documents IN ACCESS EXCLUSIVE MODE");
  const auto started = std::chrono::steady_clock::now();
  const auto what = store_error_of([&] { store->documents().get(d.id); });
  CHECK(seconds_since(started) < 2.0);
  CHECK_THAT(what, Catch::Contains("within 300 ms"));
  locker.exec("ROLLBACK");
  REQUIRE(store->documents().get(d.id));
  require_no_leases(*store->pooled());
  CHECK(store->pooled()->pools().at(0).closed >= 1);
}

TEST_CASE("postgres pool exhausted: waiters get store_error after acquire_timeout, no lease leaks", "[store][postgres]") {
  const std::string url = shared_postgres_server().create_schema();
  auto options = small_pool("fixed", 1);
  options.acquire_timeout = 150ms;
  auto store = open_postgres_store(url, options);
  document d = make_doc("busy");
  store->documents().create(d);
  pg_connection locker(url, 5s, 5s);
  locker.exec("BEGIN");
  locker.exec("LOCK TABLE documents IN ACCESS EXCLUSIVE MODE");
  std::atomic<bool> holder_ok{false};
  std::thread holder([&] { holder_ok = store->documents().get(d.id).has_value(); });  // blocks on the lock
  while (store->pooled()->pools().at(0).in_use == 0) std::this_thread::yield();
  const auto started = std::chrono::steady_clock::now();
  const auto what = store_error_of([&] { store->documents().get(d.id); });
  const double waited = seconds_since(started);
  CHECK(waited >= 0.15);
  CHECK(waited < 1.0);
  CHECK_THAT(what, Catch::Contains("no connection free within 150 ms"));
  locker.exec("ROLLBACK");
  holder.join();
  CHECK(holder_ok);
  require_no_leases(*store->pooled());
  CHECK(store->pooled()->pools().at(0).timeouts == 1);
}
