// ragserver over a real PostgreSQL (--store postgres): acknowledged documents survive kill -9;
// PostgreSQL stopping mid-run gives fast 503s with a clear JSON error and a failing readiness
// probe, and service resumes by itself when it returns; an exhausted pool answers 503 after the
// acquire timeout and leaks no connection.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <csignal>
#include <regex>
#include <thread>

#include "integration/support/ragserver_process.hpp"
#include "support/postgres_server.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::testing;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> postgres_args(const std::string& url, const std::string& pool) {
  return {"--store", "postgres", "--postgres-url", url, "--pool", pool, "--pool-min", "1", "--pool-max", "2",
          "--pool-overflow", "0", "--pool-timeout", "1s", "--connect-timeout", "1s"};
}

std::string schema_of(const std::string& url) { return url.substr(url.rfind("%3D") + 3); }

std::uint64_t upload(http_client& c, const std::string& title, const std::string& content) {
  auto r = c.post_json("/v1/documents", json{{"title", title}, {"content", content}}.dump());
  REQUIRE(r.status == 201);
  return json::parse(r.body)["id"].get<std::uint64_t>();
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// The value of `pool_connections{pool="postgres",state="in_use"}` on /metrics (-1 when missing).
int postgres_in_use(http_client& c) {
  const std::string body = c.get("/metrics").body;
  std::smatch m;
  static const std::regex line(R"re(pool_connections\{pool="postgres",state="in_use"\} ([0-9.]+))re");
  return std::regex_search(body, m, line) ? static_cast<int>(std::stod(m[1].str())) : -1;
}

struct restart_on_exit {
  ~restart_on_exit() { shared_postgres_server().start(); }
};

}  // namespace

TEST_CASE("postgres store: acknowledged documents survive kill -9 of ragserver", "[integration][postgres]") {
  temp_dir dir;
  const std::string url = shared_postgres_server().create_schema();
  std::vector<std::uint64_t> ids;
  {
    ragserver_process server(dir.str(), postgres_args(url, "fixed"));
    auto c = server.client();
    for (int i = 0; i < 10; ++i)
      ids.push_back(upload(c, "doc " + std::to_string(i),
                           "Vacuum tuning note " + std::to_string(i) + " about autovacuum cost limit topic" +
                               std::to_string(i) + "."));
    server.process().signal(SIGKILL);
    server.process().wait(10s);
  }
  ragserver_process restarted(dir.str(), postgres_args(url, "elastic"));
  auto c = restarted.client();
  for (auto id : ids) {
    INFO("document " << id);
    CHECK(c.get("/v1/documents/" + std::to_string(id)).status == 200);
  }
  auto r = c.post_json("/v1/search", R"({"query":"autovacuum cost limit topic4","k":1})");
  REQUIRE(r.status == 200);
  auto results = json::parse(r.body)["results"];
  REQUIRE(results.size() == 1);
  CHECK(results[0]["document_id"] == ids[4]);
}

TEST_CASE("postgres stopped mid-run: fast 503s, readiness says why, service resumes by itself",
          "[integration][postgres][outage]") {
  const std::string pool = GENERATE(as<std::string>{}, "none", "fixed", "elastic");
  auto& pg = shared_postgres_server();
  temp_dir dir;
  ragserver_process server(dir.str(), postgres_args(pg.create_schema(), pool));
  auto c = server.client();
  std::vector<std::uint64_t> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(upload(c, "before " + std::to_string(i), "written before the outage"));
  REQUIRE(c.get("/health/detailed").status == 200);
  {
    restart_on_exit restart;
    pg.stop();
    for (int i = 0; i < 4; ++i) {
      const auto started = std::chrono::steady_clock::now();
      auto r = c.get("/v1/documents/" + std::to_string(ids[0]));
      const double took = seconds_since(started);
      INFO("pool " << pool << ", attempt " << i << ": " << r.status << " " << r.body << " in " << took << " s");
      CHECK(r.status == 503);
      CHECK(took < 1.0 + 1.0);  // connect timeout + margin
      auto body = json::parse(r.body);
      CHECK(body["error"]["code"] == "store_unavailable");
      CHECK_THAT(body["error"]["message"].get<std::string>(), Catch::Contains("store is unavailable"));
    }
    auto up = c.post_json("/v1/documents", R"({"title":"during","content":"written during the outage"})");
    CHECK(up.status == 503);
    const auto started = std::chrono::steady_clock::now();
    auto health = c.get("/health/detailed");
    CHECK(seconds_since(started) < 2.0);
    CHECK(health.status == 503);
    auto store = json::parse(health.body)["dependencies"]["store"];
    CHECK(store["status"] == "down");
    CHECK(store["strategy"] == "postgres");
    INFO(store.dump());
    CHECK_THAT(store["detail"].get<std::string>(), Catch::Contains("connect") || Catch::Contains("connection"));
  }
  // PostgreSQL is back: no ragserver restart needed, nothing acknowledged is lost.
  int status = 0;
  for (int i = 0; i < 50 && status != 200; ++i) {
    status = c.get("/v1/documents/" + std::to_string(ids[4])).status;
    if (status != 200) std::this_thread::sleep_for(100ms);
  }
  REQUIRE(status == 200);
  for (auto id : ids) CHECK(c.get("/v1/documents/" + std::to_string(id)).status == 200);
  upload(c, "after", "written after the outage");
  CHECK(c.get("/health/detailed").status == 200);
  CHECK(postgres_in_use(c) == 0);
}

TEST_CASE("postgres pool exhausted: waiters get 503 after pool-timeout, no connection leaks",
          "[integration][postgres][pool]") {
  const std::string pool = GENERATE(as<std::string>{}, "fixed", "elastic");
  auto& pg = shared_postgres_server();
  const std::string url = pg.create_schema();
  temp_dir dir;
  auto args = postgres_args(url, pool);
  for (auto extra : {"--pool-timeout", "200ms", "--compute-threads", "24"}) args.emplace_back(extra);
  ragserver_process server(dir.str(), args);
  auto c = server.client();
  const auto id = upload(c, "contended", "a row everybody wants to delete");

  // Another session holds the document's row lock for 3 s: the DELETEs that get a pooled
  // connection block on it, holding both connections; the rest queue for the pool.
  const std::string schema = schema_of(url);
  std::thread locker([&] {
    pg.execute("BEGIN; SELECT 1 FROM " + schema + ".documents WHERE id = " + std::to_string(id) +
               " FOR UPDATE; SELECT pg_sleep(3); COMMIT;");
  });
  for (int i = 0; i < 100; ++i) {
    if (pg.execute("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(3)%' AND state = 'active' "
                   "AND pid <> pg_backend_pid()") == "1\n")
      break;
    std::this_thread::sleep_for(50ms);
  }
  std::atomic<int> ok{0}, unavailable{0}, other{0};
  std::atomic<double> slowest_503{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 20; ++i) {
    clients.emplace_back([&] {
      auto client = server.client();
      const auto started = std::chrono::steady_clock::now();
      auto r = client.request("DELETE", "/v1/documents/" + std::to_string(id));
      const double took = seconds_since(started);
      if (r.status == 503) {
        ++unavailable;
        if (json::parse(r.body)["error"]["code"] != "store_unavailable") ++other;
        double seen = slowest_503.load();
        while (took > seen && !slowest_503.compare_exchange_weak(seen, took)) {
        }
      } else if (r.status == 200 || r.status == 204 || r.status == 404) {
        ++ok;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : clients) t.join();
  locker.join();
  INFO("pool " << pool << ": ok " << ok << ", 503 " << unavailable << ", other " << other << ", slowest 503 "
               << slowest_503 << " s");
  CHECK(unavailable >= 10);
  CHECK(ok >= 1);
  CHECK(other == 0);
  CHECK(slowest_503 < 0.2 + 1.0);  // pool-timeout + margin: nobody waits for the 3 s lock
  CHECK(postgres_in_use(c) == 0);
  CHECK(c.get("/health/detailed").status == 200);
  CHECK(c.get("/v1/documents/" + std::to_string(id)).status == 404);
}
