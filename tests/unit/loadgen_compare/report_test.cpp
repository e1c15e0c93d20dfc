// compare's renderings against golden files (RAGBENCH_UPDATE_GOLDEN=1 rewrites them), and the json schema.
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "loadgen/compare/compare_report.hpp"
#include "support/temp_dir.hpp"
#include "unit/loadgen_compare/synthetic_runs.hpp"

namespace fs = std::filesystem;
using namespace ragbench;
using namespace ragbench::loadgen;
using ragbench::loadgen::testing::synthetic_endpoint;
using ragbench::loadgen::testing::synthetic_spec;

namespace {

// Baseline: 3 runs of search + upload + export. Candidate: 3 runs, search 25 % slower, upload with 3 %
// failures, export gone, a new endpoint "chat". Every run has its own speed factor (run-to-run noise).
comparison golden_comparison() {
  random_source rng(42);
  auto run = [&](std::string source, double factor, std::vector<std::pair<std::string, synthetic_spec>> eps) {
    run_sample r;
    r.source = std::move(source);
    r.duration_s = 20;
    r.has_histograms = true;
    r.scenario = "demo";
    r.model = "open";
    r.load = "open: constant 500/s for 20.0s";
    endpoint_sample all;
    all.name = std::string(aggregate_endpoint);
    all.latency.emplace();
    all.per_second.assign(20, 0.0);
    for (auto& [name, spec] : eps) {
      spec.scale *= factor;
      auto e = synthetic_endpoint(rng, name, spec);
      all.latency->add(*e.latency);
      all.requests += e.requests;
      all.failures += e.failures;
      all.rps += e.rps;
      for (std::size_t i = 0; i < 20; ++i) all.per_second[i] += e.per_second[i];
      r.endpoints.push_back(std::move(e));
    }
    all.p50_ms = ns_to_ms(static_cast<double>(all.latency->value_at_percentile(50)));
    r.endpoints.insert(r.endpoints.begin(), std::move(all));
    return r;
  };
  std::vector<run_sample> base, cand;
  const double factors[] = {1.0, 1.04, 0.97};
  for (int i = 0; i < 3; ++i) {
    base.push_back(run("reports/baselines/demo/run-" + std::to_string(i + 1), factors[i],
                       {{"search", {.requests = 8000}},
                        {"upload", {.requests = 2000, .median_ms = 40, .failures = 2}},
                        {"export", {.requests = 400, .median_ms = 20}}}));
    cand.push_back(run("reports/runs/candidate/run-" + std::to_string(i + 1), factors[2 - i],
                       {{"search", {.requests = 8000, .scale = 1.25}},
                        {"upload", {.requests = 2000, .median_ms = 40, .failures = 60}},
                        {"chat", {.requests = 500, .median_ms = 300}}}));
  }
  compare_options o;
  o.iterations = 500;
  o.seed = 7;
  return compare_runs(base, cand, o);
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("compare renderings match the golden files", "[compare][report]") {
  const auto c = golden_comparison();
  const auto [file, rendered] = GENERATE_COPY(table<std::string, std::string>({
      {"compare.md", render_compare_markdown(c)},
      {"compare.json", to_compare_json(c).dump(2) + "\n"},
      {"junit.xml", render_compare_junit(c)},
      {"table.txt", render_compare_table(c)},
  }));
  const fs::path golden = fs::path(RAGBENCH_SOURCE_DIR) / "tests/golden/loadgen/compare" / file;
  if (std::getenv("RAGBENCH_UPDATE_GOLDEN")) {
    fs::create_directories(golden.parent_path());
    std::ofstream(golden, std::ios::binary) << rendered;
  }
  INFO("golden file " << golden << " (set RAGBENCH_UPDATE_GOLDEN=1 to rewrite)");
  REQUIRE(fs::exists(golden));
  CHECK(rendered == slurp(golden));
}

TEST_CASE("compare.json carries the documented fields and verdicts", "[compare][report]") {
  const auto c = golden_comparison();
  const auto j = to_compare_json(c);
  CHECK(j["schema"] == "ragbench.loadgen.compare/v2");
  CHECK(j["verdict"] == "regression");
  CHECK(j["method"] == "runs+blocks");
  CHECK(j["baseline"]["runs"] == 3);
  CHECK(j["options"]["tolerance"]["p99"] == 0.05);
  CHECK(j["options"]["gross_change"] == 1.0);
  REQUIRE(j["endpoints"].size() == 5);
  CHECK(j["endpoints"][0]["name"] == "all");
  const auto& search = j["endpoints"][1];
  CHECK(search["name"] == "search");
  CHECK(search["verdict"] == "worse");
  for (const auto& m : search["metrics"]) {
    for (const char* k : {"metric", "unit", "baseline", "candidate", "change", "ci", "p_value", "method", "verdict",
                          "run_noise", "noise_source", "runs", "explanation"}) {
      CHECK(m.contains(k));
    }
    if (m["metric"] == "p50") {
      CHECK(m["verdict"] == "worse");
      CHECK(m["change"].get<double>() == Approx(0.25).margin(0.03));
      CHECK(m["ci"][0].get<double>() > 0.05);
      CHECK(m["noise_source"] == "3 baseline and 3 candidate runs");
      CHECK_THAT(m["explanation"].get<std::string>(), Catch::Contains("beyond the 5% tolerance and the run-to-run noise"));
    }
  }
  const auto& upload = j["endpoints"][2];
  CHECK(upload["metrics"][5]["metric"] == "error_rate");
  CHECK(upload["metrics"][5]["verdict"] == "worse");
  const auto& gone = j["endpoints"][3];
  CHECK(gone["name"] == "export");
  CHECK(gone["verdict"] == "missing");
  CHECK(gone["metrics"][0]["verdict"] == "missing");
  const auto& chat = j["endpoints"][4];
  CHECK(chat["verdict"] == "new");
  CHECK(chat["metrics"][0]["method"] == "new");
  CHECK(chat["metrics"][0]["note"] == "only in the candidate");
  CHECK(j["counts"]["worse"].get<int>() == static_cast<int>(c.count(verdict::worse)));
  CHECK(j["counts"]["missing"] == 6);
}

TEST_CASE("junit.xml has one test case per endpoint x metric and a failure per worse", "[compare][report]") {
  const auto c = golden_comparison();
  const auto xml = render_compare_junit(c);
  auto count = [&](const std::string& what) {
    std::size_t n = 0;
    for (auto pos = xml.find(what); pos != std::string::npos; pos = xml.find(what, pos + 1)) ++n;
    return n;
  };
  CHECK(count("<testcase ") == c.rows.size());
  CHECK(count("<failure ") == c.count(verdict::worse) + c.count(verdict::missing));
  CHECK(count("type=\"missing\"") == 6);
  CHECK(c.count(verdict::worse) == 4);  // all and search p50, all and upload error_rate
}

TEST_CASE("write_compare_files writes the three files", "[compare][report]") {
  ragbench::testing::temp_dir dir;
  write_compare_files(golden_comparison(), dir.path() / "out");
  for (const char* f : {"compare.md", "compare.json", "junit.xml"}) CHECK(fs::file_size(dir.path() / "out" / f) > 100);
}
