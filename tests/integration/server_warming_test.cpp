// Cache warming and the embedding cache through the real ragserver: with --warm-queries,
// /health/detailed is 503 "warming" until every query is answered, then ready, the log says how
// many and how long, and the warmed queries are cache hits; a bad file stops the server before it
// listens with FILE:LINE; repeated query texts are embedding-cache hits on /metrics.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <thread>

#include "integration/support/ragserver_process.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::testing;
using nlohmann::json;

namespace {

double metric(http_client& c, const std::string& series) {
  const auto text = c.get("/metrics").body;
  const auto at = text.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + series.size() + 2));
}

}  // namespace

TEST_CASE("warm queries: warming (503) until every query is answered, then ready and cached",
          "[integration][warming]") {
  temp_dir dir, files;
  const std::string file = files.str() + "/warm.txt";
  {
    std::ofstream out(file);
    out << "# queries the seed's users ask most\n";
    for (int i = 0; i < 200; ++i) out << "how does write-ahead logging work, take " << i << "\n";
  }
  // Simulated generation at its realistic pace, so 200 answers 64 at a time take a few seconds.
  ragserver_process server(dir.str(), {"--warm-queries", file, "--llm-scale", "1"});
  auto c = server.client();
  auto first = c.get("/health/detailed");
  CHECK(first.status == 503);
  auto body = json::parse(first.body);
  CHECK(body["status"] == "warming");
  CHECK(body["startup"]["warming"].get<std::string>().find("of 200 queries answered") != std::string::npos);
  CHECK(c.get("/health").status == 200);  // liveness is not readiness

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  unsigned status = first.status;
  while (status != 200 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    status = c.get("/health/detailed").status;
  }
  REQUIRE(status == 200);
  auto ready = json::parse(c.get("/health/detailed").body);
  CHECK(ready["status"] == "ready");
  CHECK_FALSE(ready.contains("startup"));
  const auto log = server.process().stderr_text() + server.process().stdout_text();
  CHECK(log.find("warming the caches with 200 queries") != std::string::npos);
  CHECK(log.find("cache warming done: 200 of 200 queries answered in ") != std::string::npos);

  auto warm = c.post_json("/v1/query", json{{"query", "how does write-ahead logging work, take 17"}}.dump());
  CHECK(warm.status == 200);
  CHECK(warm.header("x-cache") == "lru");
}

TEST_CASE("warm queries: a bad file stops ragserver before it listens, naming FILE:LINE", "[integration][warming]") {
  temp_dir dir, files;
  const std::string file = files.str() + "/warm.txt";
  std::ofstream(file) << "a fine query\nno\n";
  try {
    ragserver_process server(dir.str(), {"--warm-queries", file});
    FAIL("ragserver started with a bad warm-queries file");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find("warm.txt:2: a query must be 3 to 1000 bytes long") != std::string::npos);
  }
}

TEST_CASE("the embedding cache answers repeated query texts, counted on /metrics", "[integration][embedding_cache]") {
  temp_dir dir;
  ragserver_process server(dir.str());
  auto c = server.client();
  const std::string body = json{{"query", "what does autovacuum do"}, {"k", 3}}.dump();
  for (int i = 0; i < 5; ++i) REQUIRE(c.post_json("/v1/search", body).status == 200);
  CHECK(metric(c, "embedding_cache_requests_total{result=\"miss\"}") == 1);
  CHECK(metric(c, "embedding_cache_requests_total{result=\"hit\"}") == 4);
  CHECK(metric(c, "embedding_cache_entries") == 1);
  CHECK(metric(c, "embedding_cache_capacity") == 10000);

  temp_dir off_dir;
  ragserver_process off(off_dir.str(), {"--embedding-cache-capacity", "0"});
  auto c_off = off.client();
  REQUIRE(c_off.post_json("/v1/search", body).status == 200);
  CHECK(metric(c_off, "embedding_cache_entries") == -1);  // no cache, no series
}
