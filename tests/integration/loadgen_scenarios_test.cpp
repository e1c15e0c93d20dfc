// Every shipped scenario runs green with profiles/smoke.yaml against the real ragserver on its
// embedded default, through the real loadgen binary, and writes its reports.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <tuple>
#include <utility>

#include "integration/support/ragserver_process.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::testing;
using nlohmann::json;

namespace {

void seed_documents(http_client& c) {
  const char* texts[] = {
      "Autovacuum removes dead tuples and updates planner statistics; tune it with autovacuum_naptime.",
      "Write-ahead logging guarantees durability: changes are logged before data files are written.",
      "EXPLAIN shows the execution plan of a query; EXPLAIN ANALYZE also runs it and reports timings.",
      "MVCC gives each transaction a snapshot, so readers never block writers and writers never block readers.",
  };
  for (const char* t : texts) {
    auto r = c.post_json("/v1/documents", json{{"title", "seed"}, {"content", t}}.dump());
    REQUIRE(r.status == 201);
  }
}

}  // namespace

TEST_CASE("every shipped scenario passes its KPIs with the smoke profile", "[integration][loadgen]") {
  temp_dir dir;
  // Cheap Argon2id (8 MiB, one pass): gantry_chat registers and logs in each user on start, and at
  // the interactive level 30 users' 60 hashes would take seconds of this 2-core machine's CPU and
  // be counted into their first task's latency (open model, from the intended start).
  ragserver_process server(dir.str(), {"--llm-scale", "1", "--password-memlimit", "8MiB", "--password-opslimit", "1"});
  auto c = server.client();
  seed_documents(c);

  auto scenario = GENERATE(as<std::string>{}, "knowledge_assistant", "rag_pooling", "rra_v2", "voiceassist",
                           "gantry_chat");
  INFO("scenario " << scenario);
  auto run = [&](const std::string& out) {
    child_process loadgen({build_dir() + "/bin/loadgen", "run", source_dir() + "/scenarios/" + scenario + ".yaml",
                           "--profile", source_dir() + "/profiles/smoke.yaml", "--target", server.url(), "--out", out,
                           "--quiet"},
                          out + ".log");
    auto status = loadgen.wait(std::chrono::seconds(60));
    REQUIRE(status.has_value());
    return std::make_pair(*status, loadgen.stdout_text() + loadgen.stderr_text());
  };
  auto read_summary = [](const std::string& out) {
    std::ifstream in(out + "/summary.json");
    REQUIRE(in.good());
    return json::parse(in);
  };
  std::string out = dir.str() + "/run-" + scenario;
  auto [status, text] = run(out);
  auto summary = read_summary(out);
  // The latency KPIs (p95 < 200 ms) are absolute: one stall of a shared CI machine (seen once: ~0.4 s)
  // can break a 5-second smoke run. A run that failed *only* on time, with every request answered
  // correctly, gets one more try; a functional failure (any failed request) never does.
  if (status == 1 && summary["totals"]["failures"] == 0) {
    WARN(scenario << ": a latency KPI failed with no failed request; running once more (" << summary["verdict_reason"] << ")");
    out += "-again";
    std::tie(status, text) = run(out);
    summary = read_summary(out);
  }
  INFO(text);
  CHECK(status == 0);
  CHECK(summary["verdict"] == "pass");
  CHECK(summary["model"] == "open");
  CHECK(summary["totals"]["requests"].get<int>() >= 90);
  CHECK(summary["totals"]["failures"] == 0);
  for (auto& kpi : summary["kpis"]) CHECK(kpi["pass"] == true);
  for (auto file : {"report.md", "report.html", "stats.csv", "junit.xml", "histograms.json"}) {
    CHECK(std::filesystem::exists(out + "/" + file));
  }
  // The chat steps report their streams; with `token_event: token` only /v1/chat's token events
  // count (32 per answer), not its start and done events.
  const std::string chat_step = scenario == "gantry_chat" ? "send_message" : scenario == "voiceassist" ? "speak_answer" : "";
  if (!chat_step.empty()) {
    const auto& e = summary["endpoints"][chat_step];
    REQUIRE(e.contains("stream"));
    const auto streams = e["stream"]["streams"].get<std::uint64_t>();
    CHECK(streams == e["requests"].get<std::uint64_t>());
    CHECK(streams > 0);
    CHECK(e["stream"]["events"] == 32 * streams);
    CHECK(e["stream"]["ttft_ms"]["p50"].get<double>() > 0);
    CHECK(e["stream"]["tpot_ms"]["p50"].get<double>() > 0);
  }
}

TEST_CASE("loadgen reports an unreachable target with exit 3", "[integration][loadgen]") {
  temp_dir dir;
  child_process loadgen({build_dir() + "/bin/loadgen", "run", source_dir() + "/scenarios/knowledge_assistant.yaml",
                         "--profile", source_dir() + "/profiles/smoke.yaml", "--target", "http://127.0.0.1:9",
                         "--out", dir.str() + "/run", "--quiet"},
                        dir.str() + "/loadgen");
  auto status = loadgen.wait(std::chrono::seconds(60));
  REQUIRE(status.has_value());
  CHECK(*status == 3);
}

TEST_CASE("rra_v2_rate_limits: under load, throttled clients get 429s and light clients are unaffected",
          "[integration][loadgen][ratelimit]") {
  temp_dir dir;
  ragserver_process server(dir.str(), {"--rate-limits", "seed"});
  auto c = server.client();
  seed_documents(c);
  const std::string out = dir.str() + "/run";
  child_process loadgen({build_dir() + "/bin/loadgen", "run", source_dir() + "/scenarios/rra_v2_rate_limits.yaml",
                         "--target", server.url(), "--out", out, "--quiet"},
                        dir.str() + "/loadgen");
  auto status = loadgen.wait(std::chrono::seconds(60));
  REQUIRE(status.has_value());
  INFO(loadgen.stdout_text() << loadgen.stderr_text());
  CHECK(*status == 0);
  std::ifstream in(out + "/summary.json");
  REQUIRE(in.good());
  auto summary = json::parse(in);
  CHECK(summary["verdict"] == "pass");
  for (auto& kpi : summary["kpis"]) CHECK(kpi["pass"] == true);
  const auto& heavy = summary["endpoints"]["search_heavy"];
  // Two heavy clients get 30 searches a minute each; everything above is a 429, and nothing else fails.
  CHECK(heavy["status"]["200"].get<int>() <= 2 * (30 + 5));  // the burst, plus one token per 2 s
  CHECK(heavy["rate_limited"].get<int>() == heavy["status"]["429"].get<int>());
  CHECK(heavy["rate_limited"].get<int>() > 100);
  CHECK(summary["endpoints"]["search_light"]["rate_limited"] == 0);
  CHECK(summary["endpoints"]["search_light"]["requests"].get<int>() > 50);
  CHECK(summary["totals"]["failures"] == 0);

  // The server counted at least as many (a request cut off by the end of the run is the server's only).
  const auto metrics = c.get("/metrics").body;
  const std::string series = "rate_limit_requests_total{class=\"search\",outcome=\"limited\"} ";
  const auto at = metrics.find(series);
  REQUIRE(at != std::string::npos);
  CHECK(std::stoi(metrics.substr(at + series.size())) >= heavy["rate_limited"].get<int>());
}
