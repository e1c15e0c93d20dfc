// loadgen ab and capacity through the real binaries: two real ragserver command lines (the README's
// --cache none vs --cache lru) in very short interleaved trials, and a short capacity search.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <tuple>
#include <utility>

#include "integration/support/json_file.hpp"
#include "integration/support/ragserver_process.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::testing;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string ragserver_command(const std::string& cache) {
  return build_dir() + "/bin/ragserver --listen 127.0.0.1:0 --data-dir {data_dir} --store memory --llm-scale 0 --cache " +
         cache + " --threads 1 --compute-threads 1";
}

}  // namespace

TEST_CASE("loadgen ab compares two ragserver command lines in interleaved trials", "[integration][loadgen][ab]") {
  temp_dir dir;
  const std::string out = dir.str() + "/ab";
  child_process loadgen({build_dir() + "/bin/loadgen", "ab", source_dir() + "/scenarios/knowledge_assistant.yaml",
                         "--profile", source_dir() + "/profiles/smoke.yaml", "--set", "load.duration=2s", "--warmup",
                         "1s", "--trials", "2", "--seed", "3", "--threads", "1", "--a", ragserver_command("none"), "--b",
                         ragserver_command("lru"), "--out", out},
                        dir.str() + "/loadgen");
  auto status = loadgen.wait(std::chrono::seconds(120));
  REQUIRE(status.has_value());
  INFO(loadgen.stdout_text() << loadgen.stderr_text());
  CHECK((*status == 0 || *status == 1));
  CHECK_THAT(loadgen.stdout_text(), Catch::Contains("search p95") && Catch::Contains("all rps"));

  auto ab = read_json(out + "/ab.json");
  CHECK(ab["schema"] == "ragbench.ab/1");
  CHECK(ab["trials_per_side"] == 2);
  CHECK(ab["order"].get<std::string>().size() == 4);
  REQUIRE(ab["trials"].size() == 4);
  int a = 0, b = 0;
  for (const auto& t : ab["trials"]) {
    (t["side"] == "A" ? a : b)++;
    CHECK(t["requests"].get<int>() >= 20);  // 20 iterations/s for 2 s, plus uploads
    const fs::path trial = t["dir"].get<std::string>();
    CHECK(fs::exists(trial / "summary.json"));
    CHECK(fs::exists(trial / "histograms.json"));
    std::ifstream log(trial / "server.out");
    std::string line;
    std::getline(log, line);
    CHECK_THAT(line, Catch::Contains("ragserver listening on http://127.0.0.1:"));
    auto summary = read_json(trial / "summary.json");
    CHECK(summary["totals"]["failures"] == 0);
  }
  CHECK(a == 2);
  CHECK(b == 2);
  bool saw_kpi = false;
  for (const auto& m : ab["metrics"]) {
    CHECK(m["a"].size() == 2);
    CHECK(m["b"].size() == 2);
    CHECK((m["verdict"] == "better" || m["verdict"] == "same" || m["verdict"] == "worse"));
    if (m["difference"].is_null()) {  // e.g. upload: its requests all fall in the warm-up
      CHECK_THAT(m["note"].get<std::string>(), Catch::Contains("not measured"));
      continue;
    }
    CHECK(m["ci_low"].get<double>() <= m["difference"].get<double>());
    CHECK(m["difference"].get<double>() <= m["ci_high"].get<double>());
    if (m["name"] == "search p95") {
      saw_kpi = true;
      CHECK(m["kpi"] == "search: p95 < 100ms");
      // 2 trials per side cannot reach 95 %: reported, and no verdict is claimed
      CHECK(m["achieved_confidence"].get<double>() == Approx(2.0 / 3));
      CHECK(m["verdict"] == "same");
    }
    if (m["name"] == "all rps") CHECK(m["median_a"].get<double>() > 15);
  }
  CHECK(saw_kpi);
  CHECK(ab["verdict"] == "not-worse");
  CHECK(*status == 0);
  std::ifstream md(out + "/ab.md");
  std::string text((std::istreambuf_iterator<char>(md)), std::istreambuf_iterator<char>());
  CHECK_THAT(text, Catch::Contains("| search p95 |") && Catch::Contains("--cache lru"));
}

TEST_CASE("loadgen capacity steps the rate against a real ragserver", "[integration][loadgen][capacity]") {
  temp_dir dir;
  auto search = [&](const std::string& out) {
    child_process loadgen({build_dir() + "/bin/loadgen", "capacity", source_dir() + "/scenarios/knowledge_assistant.yaml",
                           "--server", ragserver_command("lru"), "--start", "40/s", "--factor", "2", "--max", "80/s",
                           "--step-duration", "2s", "--threads", "1", "--out", out},
                          out + ".log");
    auto status = loadgen.wait(std::chrono::seconds(120));
    REQUIRE(status.has_value());
    return std::make_pair(*status, loadgen.stdout_text() + loadgen.stderr_text());
  };
  std::string out = dir.str() + "/cap";
  auto [status, text] = search(out);
  // 40/s and 80/s are far below this server's capacity, but the step KPIs are absolute latencies: one
  // stall of a shared CI machine can fail a 2 s step. A search that stopped early with every request
  // answered correctly gets one more try; a failed request never does.
  if (status != 0) {
    bool requests_failed = false;
    for (const auto& st : read_json(out + "/capacity.json")["runs"][0]["steps"]) {
      requests_failed = requests_failed || st.value("failures", 0) > 0;
    }
    if (!requests_failed) {
      WARN("capacity: a step failed on time alone; searching once more");
      out += "-again";
      std::tie(status, text) = search(out);
    }
  }
  INFO(text);
  CHECK(status == 0);
  auto cap = read_json(out + "/capacity.json");
  CHECK(cap["schema"] == "ragbench.capacity/1");
  REQUIRE(cap["runs"].size() == 1);
  const auto& run = cap["runs"][0];
  CHECK(run["steps"].size() == 2);  // 40 and 80 per second
  CHECK(run["max_passing_rate"] == 80);
  for (const auto& s : run["steps"]) {
    CHECK(s["status"] == "pass");
    CHECK(s["achieved_rps"].get<double>() > 0.8 * s["offered_rps"].get<double>());
    CHECK(fs::exists(fs::path(s["dir"].get<std::string>()) / "summary.json"));
  }
  CHECK(fs::exists(out + "/capacity.md"));
  CHECK(fs::exists(out + "/capacity.html"));
  CHECK_THAT(text, Catch::Contains("highest rate meeting every KPI: 80/s"));
}

TEST_CASE("loadgen ab: bad arguments exit 2", "[integration][loadgen][ab]") {
  temp_dir dir;
  child_process loadgen({build_dir() + "/bin/loadgen", "ab", source_dir() + "/scenarios/knowledge_assistant.yaml",
                         "--a-url", "http://127.0.0.1:1"},
                        dir.str() + "/loadgen");
  auto status = loadgen.wait(std::chrono::seconds(30));
  REQUIRE(status.has_value());
  CHECK(*status == 2);
  CHECK_THAT(loadgen.stderr_text(), Catch::Contains("missing side B"));
}
