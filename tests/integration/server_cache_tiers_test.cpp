// Cache tiers through the real ragserver and a real redis-server: the answering tier in /v1/query,
// the redis tier answering after a ragserver restart, no stale answer from any tier after a
// delete, and Redis stopped under a stream of queries (no 5xx, /health/detailed degraded, then
// recovered by itself once Redis is back).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <thread>

#include "integration/support/ragserver_process.hpp"
#include "support/redis_server.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::testing;
using nlohmann::json;

namespace {

std::string doc_json(const std::string& title, const std::string& content) {
  return json{{"title", title}, {"content", content}}.dump();
}

const std::string wal_text =
    "Write-Ahead Logging (WAL) is a standard method for ensuring data integrity. Changes to data files "
    "are written only after those changes have been logged.";
const std::string vacuum_text =
    "VACUUM reclaims storage occupied by dead tuples. Tuples that are deleted or obsoleted by an update "
    "are not physically removed from their table.";

std::vector<std::string> tier_args(const redis_server& redis) {
  return {"--cache", "lru,redis,semantic", "--redis-url", redis.url(), "--pool-timeout", "1s",
          "--connect-timeout", "500ms"};
}

// POSTs a query; checks the body's "cache" field and the X-Cache header agree; returns the tier.
std::string ask(http_client& c, const std::string& query) {
  auto r = c.post_json("/v1/query", json{{"query", query}}.dump());
  REQUIRE(r.status == 200);
  auto body = json::parse(r.body);
  CHECK(body["cache"] == r.header("x-cache"));
  return body["cache"].get<std::string>();
}

}  // namespace

TEST_CASE("lru,redis,semantic: answering tier, redis after a restart, nothing stale after a delete",
          "[integration][cache]") {
  redis_server redis;
  temp_dir dir;
  std::uint64_t wal_id = 0;
  {
    ragserver_process server(dir.str(), tier_args(redis));
    auto c = server.client();
    wal_id = json::parse(c.post_json("/v1/documents", doc_json("wal", wal_text)).body)["id"].get<std::uint64_t>();
    c.post_json("/v1/documents", doc_json("vacuum", vacuum_text));
    CHECK(ask(c, "how does write-ahead logging work?") == "miss");
    CHECK(ask(c, "How does  write-ahead logging work?") == "lru");
    CHECK(ask(c, "how does write-ahead logging work exactly?") == "semantic");
    CHECK(ask(c, "how does write-ahead logging work exactly?") == "lru");

    auto health = json::parse(c.get("/health/detailed").body);
    CHECK(health["status"] == "ready");
    CHECK(health["dependencies"]["cache"]["strategy"] == "tiered");
    CHECK(health["dependencies"]["cache"]["detail"].get<std::string>().find("lru,redis,semantic") != std::string::npos);
    for (const char* tier : {"cache.lru", "cache.redis", "cache.semantic"}) {
      CHECK(health["dependencies"][tier]["status"] == "up");
    }
    auto metrics = c.get("/metrics").body;
    CHECK(metrics.find(R"(cache_requests_total{tier="lru",result="hit"} 2)") != std::string::npos);
    CHECK(metrics.find(R"(cache_requests_total{tier="semantic",result="hit"} 1)") != std::string::npos);
    CHECK(metrics.find(R"(cache_lookup_duration_seconds_count{tier="redis"})") != std::string::npos);
    CHECK(metrics.find(R"(pool_connections{pool="redis")") != std::string::npos);
  }
  // A new process: in-process tiers are empty, Redis still holds the answer.
  ragserver_process server(dir.str(), tier_args(redis));
  auto c = server.client();
  CHECK(ask(c, "how does write-ahead logging work?") == "redis");
  CHECK(ask(c, "how does write-ahead logging work?") == "lru");

  REQUIRE(c.request("DELETE", "/v1/documents/" + std::to_string(wal_id)).status == 204);
  // Every tier held an answer citing the deleted document; none may serve it.
  auto after = c.post_json("/v1/query", json{{"query", "how does write-ahead logging work exactly?"}}.dump());
  REQUIRE(after.status == 200);
  auto body = json::parse(after.body);
  CHECK(body["cache"] == "miss");
  for (const auto& chunk : body["chunks"]) CHECK(chunk["document_id"] != wal_id);
  // The exact question (cached in lru and redis before the delete) may now only get an answer
  // computed after it (here the semantic tier's copy of the answer just computed).
  auto exact = c.post_json("/v1/query", json{{"query", "how does write-ahead logging work?"}}.dump());
  REQUIRE(exact.status == 200);
  auto exact_body = json::parse(exact.body);
  CHECK(exact_body["cache"] != "lru");
  CHECK(exact_body["cache"] != "redis");
  for (const auto& chunk : exact_body["chunks"]) CHECK(chunk["document_id"] != wal_id);
}

TEST_CASE("Redis stopped under a stream of queries: no 5xx, degraded, then recovered", "[integration][cache]") {
  redis_server redis;
  temp_dir dir;
  ragserver_process server(dir.str(), tier_args(redis));
  auto c = server.client();
  c.post_json("/v1/documents", doc_json("wal", wal_text));
  c.post_json("/v1/documents", doc_json("vacuum", vacuum_text));

  int non_200 = 0, sent = 0;
  auto burst = [&](int n) {
    for (int i = 0; i < n; ++i, ++sent) {
      // Mostly new questions (they reach the redis tier), some repeats (lru answers).
      std::string q = "how does vacuum reclaim storage, case " + std::to_string(sent % 2 ? sent : sent / 2);
      if (c.post_json("/v1/query", json{{"query", q}}.dump()).status != 200) ++non_200;
    }
  };
  burst(30);
  redis.stop();
  burst(60);
  CHECK(non_200 == 0);

  auto degraded = c.get("/health/detailed");
  CHECK(degraded.status == 200);
  auto health = json::parse(degraded.body);
  CHECK(health["status"] == "degraded");
  CHECK(health["dependencies"]["cache.redis"]["status"] == "degraded");
  CHECK_FALSE(health["dependencies"]["cache.redis"]["detail"].get<std::string>().empty());
  CHECK(health["dependencies"]["cache.lru"]["status"] == "up");
  CHECK(health["dependencies"]["store"]["status"] == "up");

  redis.start();
  // The tier backs off (at most 5 s) and then probes Redis again on a lookup: keep querying.
  bool recovered = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!recovered && std::chrono::steady_clock::now() < deadline) {
    burst(5);
    auto h = json::parse(c.get("/health/detailed").body);
    recovered = h["status"] == "ready" && h["dependencies"]["cache.redis"]["status"] == "up";
    if (!recovered) std::this_thread::sleep_for(std::chrono::milliseconds(200));  // polling, not a timing assertion
  }
  CHECK(recovered);
  CHECK(non_200 == 0);
  burst(10);  // new questions, stored in every tier again
  CHECK(non_200 == 0);
  CHECK(redis.command("DBSIZE") != ":0");
}
