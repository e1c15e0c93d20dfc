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

// Baseline: search + upload. Candidate: search 25 % slower, upload with 3 % failures, a new endpoint "chat".
comparison golden_comparison() {
  random_source rng(42);
  auto run = [&](std::string source, std::vector<std::pair<std::string, synthetic_spec>> eps) {
    run_sample r;
    r.source = std::move(source);
    r.duration_s = 20;
    r.has_histograms = true;
    endpoint_sample all;
    all.name = std::string(aggregate_endpoint);
    all.latency.emplace();
    all.per_second.assign(20, 0.0);
    for (auto& [name, spec] : eps) {
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
  const auto base = run("reports/baselines/demo", {{"search", {.requests = 8000}},
                                                   {"upload", {.requests = 2000, .median_ms = 40, .failures = 2}}});
  const auto cand = run("reports/runs/candidate",
                        {{"search", {.requests = 8000, .scale = 1.25}},
                         {"upload", {.requests = 2000, .median_ms = 40, .failures = 60}},
                         {"chat", {.requests = 500, .median_ms = 300}}});
  compare_options o;
  o.iterations = 1000;
  o.seed = 7;
  return compare_runs({base}, {cand}, o);
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
  const fs::path golden = fs::path(RAGBENCH_SOURCE_DIR) / "tests/unit/loadgen_compare/golden" / file;
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
  CHECK(j["schema"] == "ragbench.loadgen.compare/v1");
  CHECK(j["verdict"] == "regression");
  CHECK(j["method"] == "bootstrap");
  CHECK(j["baseline"]["runs"] == 1);
  CHECK(j["options"]["tolerance"]["p99"] == 0.05);
  REQUIRE(j["endpoints"].size() == 4);
  CHECK(j["endpoints"][0]["name"] == "all");
  const auto& search = j["endpoints"][1];
  CHECK(search["name"] == "search");
  CHECK(search["verdict"] == "worse");
  for (const auto& m : search["metrics"]) {
    for (const char* k : {"metric", "unit", "baseline", "candidate", "change", "ci", "p_value", "method", "verdict"}) {
      CHECK(m.contains(k));
    }
    if (m["metric"] == "p50") {
      CHECK(m["verdict"] == "worse");
      CHECK(m["change"].get<double>() == Approx(0.25).margin(0.03));
      CHECK(m["ci"][0].get<double>() > 0.05);
    }
  }
  const auto& upload = j["endpoints"][2];
  CHECK(upload["metrics"][5]["metric"] == "error_rate");
  CHECK(upload["metrics"][5]["verdict"] == "worse");
  const auto& chat = j["endpoints"][3];
  CHECK(chat["metrics"][0]["method"] == "missing");
  CHECK(chat["metrics"][0]["note"] == "only in candidate");
  CHECK(j["counts"]["worse"].get<int>() == static_cast<int>(c.count(verdict::worse)));
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
  CHECK(count("<failure ") == c.count(verdict::worse));
  CHECK(c.count(verdict::worse) >= 5);
}

TEST_CASE("write_compare_files writes the three files", "[compare][report]") {
  ragbench::testing::temp_dir dir;
  write_compare_files(golden_comparison(), dir.path() / "out");
  for (const char* f : {"compare.md", "compare.json", "junit.xml"}) CHECK(fs::file_size(dir.path() / "out" / f) > 100);
}
