// Every ragserver route against the real binary on a free loopback port in a temp data dir, over
// every store / cache / pool configuration (support/server_setups.hpp): the contract holds for each.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <thread>

#include "integration/support/ragserver_process.hpp"
#include "integration/support/server_setups.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::testing;
using nlohmann::json;

namespace {

std::string doc_json(const std::string& title, const std::string& content) {
  return json{{"title", title}, {"content", content}, {"metadata", {{"source", "test"}}}}.dump();
}

const std::string wal_text =
    "Write-Ahead Logging (WAL) is a standard method for ensuring data integrity. Changes to data files "
    "are written only after those changes have been logged, that is, after log records describing the "
    "changes have been flushed to permanent storage.";
const std::string vacuum_text =
    "VACUUM reclaims storage occupied by dead tuples. In normal PostgreSQL operation, tuples that are "
    "deleted or obsoleted by an update are not physically removed from their table.";

}  // namespace

TEST_CASE("health, detailed health and metrics answer", "[integration][server]") {
  const server_setup setup = GENERATE(from_range(server_setups()));  // one run per configuration
  INFO("configuration: " << setup.name);
  temp_dir dir;
  ragserver_process server(dir.str(), setup.args());
  auto c = server.client();

  auto health = c.get("/health");
  CHECK(health.status == 200);
  CHECK(json::parse(health.body)["status"] == "ok");
  CHECK(health.header("x-content-type-options") == "nosniff");

  auto detailed = c.get("/health/detailed");
  REQUIRE(detailed.status == 200);
  auto d = json::parse(detailed.body);
  CHECK(d["status"] == "ready");
  CHECK(d["dependencies"]["store"]["status"] == "up");
  CHECK(d["dependencies"]["store"]["strategy"] == setup.store);
  CHECK(d["dependencies"]["index"]["strategy"] == (setup.store == "memory" ? "flat" : "hnsw"));
  CHECK(d["dependencies"]["cache"]["strategy"] == setup.cache);

  auto metrics = c.get("/metrics");
  REQUIRE(metrics.status == 200);
  CHECK(metrics.header("content-type").find("text/plain") == 0);
  for (auto family : {"http_requests_total", "http_request_duration_seconds", "cache_requests_total",
                      "index_vectors", "index_search_duration_seconds", "llm_tokens_total", "jobs",
                      "process_resident_memory_bytes", "process_cpu_seconds_total", "pool_connections",
                      "pool_acquire_duration_seconds", "pool_timeouts_total"}) {
    INFO(family);
    CHECK(metrics.body.find(std::string("# TYPE ") + family + " ") != std::string::npos);
  }
}

TEST_CASE("documents: create, read with ETag, list with cursor, delete", "[integration][server]") {
  const server_setup setup = GENERATE(from_range(server_setups()));  // one run per configuration
  INFO("configuration: " << setup.name);
  temp_dir dir;
  ragserver_process server(dir.str(), setup.args());
  auto c = server.client();

  std::vector<std::uint64_t> ids;
  for (int i = 0; i < 5; ++i) {
    auto r = c.post_json("/v1/documents", doc_json("doc " + std::to_string(i), wal_text));
    REQUIRE(r.status == 201);
    auto body = json::parse(r.body);
    CHECK(body["status"] == "done");
    CHECK(body["chunks"].get<int>() >= 1);
    ids.push_back(body["id"].get<std::uint64_t>());
  }

  auto got = c.get("/v1/documents/" + std::to_string(ids[0]));
  REQUIRE(got.status == 200);
  CHECK(json::parse(got.body)["content"] == wal_text);
  CHECK(json::parse(got.body)["metadata"]["source"] == "test");
  std::string etag = got.header("etag");
  REQUIRE_FALSE(etag.empty());
  auto cached = c.request("GET", "/v1/documents/" + std::to_string(ids[0]), {}, {{"If-None-Match", etag}});
  CHECK(cached.status == 304);
  CHECK(cached.body.empty());
  auto stale = c.request("GET", "/v1/documents/" + std::to_string(ids[0]), {}, {{"If-None-Match", "\"other\""}});
  CHECK(stale.status == 200);

  // Pages of two: every document exactly once, in order.
  std::vector<std::uint64_t> listed;
  std::string cursor;
  for (int page = 0; page < 10; ++page) {
    auto r = c.get("/v1/documents?limit=2" + (cursor.empty() ? std::string() : "&cursor=" + cursor));
    REQUIRE(r.status == 200);
    auto body = json::parse(r.body);
    CHECK(body["documents"].size() <= 2);
    for (auto& d : body["documents"]) listed.push_back(d["id"].get<std::uint64_t>());
    if (body["next_cursor"].is_null()) break;
    cursor = body["next_cursor"].get<std::string>();
  }
  CHECK(listed == ids);

  auto del = c.request("DELETE", "/v1/documents/" + std::to_string(ids[1]));
  CHECK(del.status == 204);
  CHECK(c.get("/v1/documents/" + std::to_string(ids[1])).status == 404);
  CHECK(c.request("DELETE", "/v1/documents/" + std::to_string(ids[1])).status == 404);
}

TEST_CASE("raw text upload, async upload and job status", "[integration][server]") {
  const server_setup setup = GENERATE(from_range(server_setups()));  // one run per configuration
  INFO("configuration: " << setup.name);
  temp_dir dir;
  ragserver_process server(dir.str(), setup.args());
  auto c = server.client();

  auto raw = c.request("POST", "/v1/documents", "# Vacuum\n\n" + vacuum_text, {{"Content-Type", "text/markdown"}});
  REQUIRE(raw.status == 201);
  auto raw_id = json::parse(raw.body)["id"].get<std::uint64_t>();
  CHECK(json::parse(c.get("/v1/documents/" + std::to_string(raw_id)).body)["title"] == "Vacuum");

  auto queued = c.post_json("/v1/documents?async=true", doc_json("async", vacuum_text));
  REQUIRE(queued.status == 202);
  auto job_id = json::parse(queued.body)["job_id"].get<std::uint64_t>();
  CHECK(queued.header("location") == "/v1/jobs/" + std::to_string(job_id));
  json job;
  for (int i = 0; i < 200; ++i) {
    auto r = c.get("/v1/jobs/" + std::to_string(job_id));
    REQUIRE(r.status == 200);
    job = json::parse(r.body);
    if (job["state"] == "done") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  CHECK(job["state"] == "done");
  CHECK(job["progress"] == job["total"]);
  CHECK(c.get("/v1/jobs/999999").status == 404);
}

TEST_CASE("search, query and chat find the right document", "[integration][server]") {
  const server_setup setup = GENERATE(from_range(server_setups()));  // one run per configuration
  INFO("configuration: " << setup.name);
  temp_dir dir;
  ragserver_process server(dir.str(), setup.args());
  auto c = server.client();
  auto wal_id = json::parse(c.post_json("/v1/documents", doc_json("wal", wal_text)).body)["id"];
  c.post_json("/v1/documents", doc_json("vacuum", vacuum_text));

  auto search = c.post_json("/v1/search", R"({"query":"write-ahead logging data integrity","k":3})");
  REQUIRE(search.status == 200);
  auto results = json::parse(search.body)["results"];
  REQUIRE(results.size() >= 1);
  CHECK(results[0]["document_id"] == wal_id);
  CHECK(results[0]["text"].get<std::string>().find("Write-Ahead") != std::string::npos);

  auto filtered = c.post_json("/v1/search", R"({"query":"write-ahead logging","k":3,"filters":{"document_id":2}})");
  REQUIRE(filtered.status == 200);
  auto filtered_body = json::parse(filtered.body);
  for (auto& r : filtered_body["results"]) CHECK(r["document_id"] == 2);

  auto first = c.post_json("/v1/query", R"({"query":"how does write-ahead logging work?"})");
  REQUIRE(first.status == 200);
  auto a = json::parse(first.body);
  CHECK(a["cache"] == "miss");
  CHECK_FALSE(a["answer"].get<std::string>().empty());
  REQUIRE(a["citations"].size() >= 1);
  auto again = c.post_json("/v1/query", R"({"query":"How does  write-ahead logging work?"})");
  CHECK(json::parse(again.body)["cache"] == setup.repeat_tier);
  CHECK(json::parse(again.body)["answer"] == a["answer"]);

  // A write invalidates cached answers.
  c.post_json("/v1/documents", doc_json("more", vacuum_text));
  CHECK(json::parse(c.post_json("/v1/query", R"({"query":"how does write-ahead logging work?"})").body)["cache"] ==
        "miss");

  auto chat = c.post_json("/v1/chat", R"({"query":"what does vacuum reclaim?","session":"conv-7"})");
  REQUIRE(chat.status == 200);
  CHECK(chat.header("x-session") == "conv-7");
  CHECK(chat.header("content-type") == "text/event-stream");
  const std::string& sse = chat.body;
  CHECK(sse.rfind("event: start\ndata: {", 0) == 0);
  CHECK(sse.find("event: token\ndata: {\"text\":") != std::string::npos);
  auto done = sse.rfind("event: done\ndata: ");
  REQUIRE(done != std::string::npos);
  CHECK(sse.substr(sse.size() - 2) == "\n\n");
  // Every event is "event: X\ndata: {json}\n\n".
  std::size_t events = 0, pos = 0;
  while (pos < sse.size()) {
    auto end = sse.find("\n\n", pos);
    REQUIRE(end != std::string::npos);
    auto block = sse.substr(pos, end - pos);
    auto nl = block.find('\n');
    REQUIRE(nl != std::string::npos);
    CHECK(block.rfind("event: ", 0) == 0);
    CHECK(block.substr(nl + 1, 6) == "data: ");
    CHECK_NOTHROW(json::parse(block.substr(nl + 7)));
    ++events;
    pos = end + 2;
  }
  CHECK(events >= 3);
}

TEST_CASE("gzip for large bodies when accepted", "[integration][server]") {
  temp_dir dir;
  ragserver_process server(dir.str());
  auto c = server.client();
  std::string big;
  while (big.size() < 4000) big += wal_text + " ";
  auto id = json::parse(c.post_json("/v1/documents", doc_json("big", big)).body)["id"].get<std::uint64_t>();
  auto plain = c.get("/v1/documents/" + std::to_string(id));
  CHECK(plain.header("content-encoding").empty());
  auto zipped = c.request("GET", "/v1/documents/" + std::to_string(id), {}, {{"Accept-Encoding", "gzip, deflate"}});
  REQUIRE(zipped.status == 200);
  CHECK(zipped.header("content-encoding") == "gzip");
  CHECK(zipped.body.size() < plain.body.size());
  CHECK(http_client::gunzip(zipped.body) == plain.body);
  auto small = c.request("GET", "/health", {}, {{"Accept-Encoding", "gzip"}});
  CHECK(small.header("content-encoding").empty());
}
