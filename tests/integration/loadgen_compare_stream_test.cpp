// `loadgen compare` on real streams: runs of scenarios/llm_chat.yaml against two real ragservers whose
// simulated first token comes 40 ms and 120 ms after admission (no spread, so the figures are steady and
// the verdicts do not depend on luck). Three runs per side: the slower server is worse on ttft_p50 by
// about the simulated difference; three more runs of the faster one against the first three (A/A) claim
// nothing.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

#include "integration/support/ragserver_process.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::testing;
using nlohmann::json;

namespace {

std::vector<std::string> server_args(const char* ttft) {
  return {"--llm-scale", "1", "--llm-ttft", ttft, "--llm-ttft-spread", "0", "--llm-inter-token", "5ms",
          "--llm-inter-token-spread", "0", "--llm-answer-tokens", "8"};
}

void seed(http_client& c) {
  for (const char* t : {"Autovacuum removes dead tuples and updates planner statistics.",
                        "Write-ahead logging guarantees durability: changes are logged before data files are written."}) {
    REQUIRE(c.post_json("/v1/documents", json{{"title", "seed"}, {"content", t}}.dump()).status == 201);
  }
}

// `loadgen run` of llm_chat.yaml with PROFILE against URL into DIR.
void run_into(const std::string& url, const std::string& profile, const std::string& dir, const std::string& log) {
  child_process loadgen({build_dir() + "/bin/loadgen", "run", source_dir() + "/scenarios/llm_chat.yaml", "--profile",
                         profile, "--target", url, "--out", dir, "--quiet"},
                        log);
  auto status = loadgen.wait(std::chrono::seconds(60));
  REQUIRE(status.has_value());
  INFO(loadgen.stdout_text() << loadgen.stderr_text());
  REQUIRE(std::filesystem::exists(dir + "/histograms.json"));
}

struct compared {
  int status = -1;
  std::string text;
  json result;
};

compared compare(const std::string& base, const std::string& cand, const std::string& out, const std::string& log) {
  child_process p({build_dir() + "/bin/loadgen", "compare", base, cand, "--out", out}, log);
  auto status = p.wait(std::chrono::seconds(60));
  REQUIRE(status.has_value());
  std::ifstream in(out + "/compare.json");
  REQUIRE(in.good());
  return {*status, p.stdout_text() + p.stderr_text(), json::parse(in)};
}

const json& row(const json& c, const std::string& endpoint, const std::string& metric) {
  for (const auto& e : c["endpoints"]) {
    if (e["name"] != endpoint) continue;
    for (const auto& m : e["metrics"]) {
      if (m["metric"] == metric) return m;
    }
  }
  FAIL("no row " << endpoint << " " << metric);
  static const json none;
  return none;
}

}  // namespace

TEST_CASE("loadgen compare on real streams: 3x the TTFT is worse, an A/A pair claims nothing",
          "[integration][loadgen][compare][stream]") {
  temp_dir dir, fast_data, slow_data;
  const std::string profile = dir.str() + "/profile.yaml";
  std::ofstream(profile) << "load: {arrival_rate: 15/s, duration: 3s, max_connections: 64}\n";
  ragserver_process fast(fast_data.str(), server_args("40ms"));
  ragserver_process slow(slow_data.str(), server_args("120ms"));
  for (const auto* s : {&fast, &slow}) {
    auto c = s->client();
    seed(c);
  }
  for (int i = 1; i <= 3; ++i) {  // interleaved, so a busy moment hits every side alike
    const std::string n = std::to_string(i);
    run_into(fast.url(), profile, dir.str() + "/base/run-" + n, dir.str() + "/log-base-" + n);
    run_into(slow.url(), profile, dir.str() + "/slow/run-" + n, dir.str() + "/log-slow-" + n);
    run_into(fast.url(), profile, dir.str() + "/again/run-" + n, dir.str() + "/log-again-" + n);
  }

  const auto worse = compare(dir.str() + "/base", dir.str() + "/slow", dir.str() + "/cmp-slow", dir.str() + "/log-c1");
  INFO(worse.text);
  CHECK(worse.status == 1);
  const json& ttft = row(worse.result, "chat_completion", "ttft_p50");
  CHECK(ttft["verdict"] == "worse");
  CHECK(ttft["method"] == "runs+requests");
  CHECK(ttft["unit"] == "ms");
  CHECK(ttft["runs"]["baseline"] == 3);
  // 40 ms -> 120 ms of simulated TTFT plus the same retrieval and transport on both: about 2.5-3x.
  CHECK(ttft["change"].get<double>() > 1.0);
  CHECK(ttft["change"].get<double>() < 2.5);
  CHECK(ttft["ci"][0].get<double>() > 0.5);
  // The simulated decoding is the same on both: TPOT is not called worse.
  CHECK(row(worse.result, "chat_completion", "tpot_p50")["verdict"] != "worse");
  CHECK(row(worse.result, "chat_completion", "goodput")["method"] == "two-proportion");
  CHECK_THAT(worse.text, Catch::Contains("chat_completion ttft_p50 +") && Catch::Contains("worse: beyond the 5% tolerance"));

  const auto same = compare(dir.str() + "/base", dir.str() + "/again", dir.str() + "/cmp-aa", dir.str() + "/log-c2");
  INFO(same.text);
  CHECK(same.status == 0);
  for (const char* m : {"ttft_p50", "ttft_p95", "ttft_p99", "itl_p99", "tpot_p50", "tpot_p99", "output_tokens_per_s",
                        "goodput"}) {
    INFO(m);
    const auto verdict = row(same.result, "chat_completion", m)["verdict"].get<std::string>();
    CHECK((verdict == "same" || verdict == "inconclusive"));
  }
}
