// sqlite_connection: pragmas are applied, errors become store_error with a clear cause.
#include <catch2/catch.hpp>

#include "server/store/sqlite/sqlite_connection.hpp"
#include "temp_dir.hpp"

using namespace ragbench::server;
using ragbench::test::temp_dir;

TEST_CASE("sqlite_connection applies the seeds' pragmas", "[store][sqlite]") {
  temp_dir dir;
  sqlite_connection conn((dir.path() / "db").string(), sqlite_connection::role::writer);
  auto text_of = [&](const std::string& sql) {
    auto s = conn.prepare(sql);
    REQUIRE(s.step());
    return s.column_text(0);
  };
  CHECK(text_of("PRAGMA journal_mode") == "wal");
  CHECK(text_of("PRAGMA synchronous") == "1");  // NORMAL
  CHECK(text_of("PRAGMA cache_size") == "-64000");
  CHECK(text_of("PRAGMA temp_store") == "2");  // MEMORY
  CHECK(text_of("PRAGMA busy_timeout") == "5000");
  CHECK(text_of("PRAGMA foreign_keys") == "1");
}

TEST_CASE("a full database raises store_error 'disk full' and rolls back", "[store][sqlite]") {
  temp_dir dir;
  sqlite_connection conn((dir.path() / "db").string(), sqlite_connection::role::writer);
  conn.exec("CREATE TABLE t (v TEXT NOT NULL); PRAGMA max_page_count = 20");
  try {
    sqlite_transaction tx(conn);
    for (int i = 0; i < 100; ++i) conn.prepare("INSERT INTO t(v) VALUES (?)").bind(1, std::string(4000, 'x')).run();
    tx.commit();
    FAIL("expected store_error");
  } catch (const store_error& e) {
    CHECK(std::string(e.what()).find("disk full") != std::string::npos);
  }
  auto count = conn.prepare("SELECT count(*) FROM t");
  REQUIRE(count.step());
  CHECK(count.column_int(0) == 0);
}

TEST_CASE("readers are query-only and bad SQL is a store_error", "[store][sqlite]") {
  temp_dir dir;
  const auto path = (dir.path() / "db").string();
  sqlite_connection writer(path, sqlite_connection::role::writer);
  writer.exec("CREATE TABLE t (v INTEGER)");
  sqlite_connection reader(path, sqlite_connection::role::reader);
  CHECK_THROWS_AS(reader.exec("INSERT INTO t VALUES (1)"), store_error);
  CHECK_THROWS_AS(reader.prepare("SELEC nonsense"), store_error);
  CHECK_THROWS_AS(sqlite_connection((dir.path() / "missing" / "db").string(), sqlite_connection::role::reader),
                  store_error);
}
