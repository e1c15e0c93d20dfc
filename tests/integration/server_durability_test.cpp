// Reliability of the embedded default: acknowledged documents survive kill -9 and are searchable
// after restart; concurrent upload + search stays correct; SIGTERM drains in-flight requests.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <csignal>
#include <thread>

#include "integration/support/ragserver_process.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::testing;
using nlohmann::json;

namespace {

std::string topic_text(int i) {
  return "Document number " + std::to_string(i) + " explains checkpoint tuning topic" + std::to_string(i) +
         " with shared buffers, background writer and autovacuum settings for workload " + std::to_string(i) + ".";
}

}  // namespace

TEST_CASE("acknowledged documents survive kill -9", "[integration][server]") {
  temp_dir dir;
  std::vector<std::uint64_t> acknowledged;
  std::uint64_t async_job = 0;
  {
    ragserver_process server(dir.str());
    auto c = server.client();
    for (int i = 0; i < 20; ++i) {
      auto r = c.post_json("/v1/documents", json{{"title", "t" + std::to_string(i)}, {"content", topic_text(i)}}.dump());
      REQUIRE(r.status == 201);
      acknowledged.push_back(json::parse(r.body)["id"].get<std::uint64_t>());
    }
    std::string big;
    for (int i = 0; i < 3000; ++i) big += topic_text(1000 + i) + "\n";
    auto r = c.post_json("/v1/documents?async=true", json{{"title", "big"}, {"content", big}}.dump());
    REQUIRE(r.status == 202);
    acknowledged.push_back(json::parse(r.body)["id"].get<std::uint64_t>());
    async_job = json::parse(r.body)["job_id"].get<std::uint64_t>();
    server.process().signal(SIGKILL);  // no chance to flush anything
    server.process().wait(std::chrono::seconds(10));
  }
  ragserver_process restarted(dir.str());
  auto c = restarted.client();
  for (auto id : acknowledged) {
    INFO("document " << id);
    CHECK(c.get("/v1/documents/" + std::to_string(id)).status == 200);
  }
  // The interrupted job is resumed and finishes.
  json job;
  for (int i = 0; i < 400; ++i) {
    job = json::parse(c.get("/v1/jobs/" + std::to_string(async_job)).body);
    if (job["state"] == "done") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CHECK(job["state"] == "done");
  // The index was rebuilt: an early document is found by its unique words.
  auto r = c.post_json("/v1/search", R"({"query":"checkpoint tuning topic7 workload 7","k":1})");
  REQUIRE(r.status == 200);
  auto results = json::parse(r.body)["results"];
  REQUIRE(results.size() == 1);
  CHECK(results[0]["document_id"] == acknowledged[7]);
}

TEST_CASE("concurrent upload and search", "[integration][server]") {
  temp_dir dir;
  ragserver_process server(dir.str(), {"--index", "hnsw", "--threads", "2"});
  std::atomic<int> bad{0}, searches{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> searchers;
  for (int t = 0; t < 3; ++t) {
    searchers.emplace_back([&] {
      auto c = server.client();
      while (!stop) {
        auto r = c.post_json("/v1/search", R"({"query":"checkpoint tuning shared buffers","k":5})");
        if (r.status != 200 || !json::parse(r.body)["results"].is_array()) ++bad;
        ++searches;
      }
    });
  }
  auto c = server.client();
  for (int i = 0; i < 150; ++i) {
    auto r = c.post_json("/v1/documents", json{{"title", "t"}, {"content", topic_text(i)}}.dump());
    if (r.status != 201) ++bad;
  }
  stop = true;
  for (auto& t : searchers) t.join();
  CHECK(bad == 0);
  CHECK(searches > 0);
  // Every uploaded document is now findable by its unique token.
  for (int i : {0, 75, 149}) {
    auto r = c.post_json("/v1/search", json{{"query", "topic" + std::to_string(i) + " workload " + std::to_string(i)}, {"k", 1}}.dump());
    auto results = json::parse(r.body)["results"];
    REQUIRE(results.size() == 1);
    CHECK(results[0]["text"].get<std::string>().find("topic" + std::to_string(i) + " ") != std::string::npos);
  }
}

TEST_CASE("SIGTERM finishes in-flight requests, then exits 0", "[integration][server]") {
  temp_dir dir;
  // Real LLM timing for this one: a query takes a measurable time to answer.
  ragserver_process server(dir.str(), {"--llm-scale", "1", "--llm-ttft", "600ms", "--llm-answer-tokens", "4"});
  auto c = server.client();
  c.post_json("/v1/documents", json{{"title", "t"}, {"content", topic_text(1)}}.dump());
  json answer;
  std::thread in_flight([&] {
    auto q = server.client();
    auto r = q.post_json("/v1/query", R"({"query":"checkpoint tuning","cache":false})");
    if (r.status == 200) answer = json::parse(r.body);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  server.process().signal(SIGTERM);
  in_flight.join();
  CHECK(answer.contains("answer"));
  auto status = server.process().wait(std::chrono::seconds(15));
  REQUIRE(status.has_value());
  CHECK(*status == 0);
}
