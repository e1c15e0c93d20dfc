// compare's renderings against golden files (RAGBENCH_UPDATE_GOLDEN=1 rewrites them), and the json schema.
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "loadgen/compare/compare_report.hpp"
#include "support/temp_dir.hpp"
#include "unit/loadgen_compare/golden_comparison.hpp"

namespace fs = std::filesystem;
using namespace ragbench;
using namespace ragbench::loadgen;
using ragbench::loadgen::testing::golden_comparison;

namespace {

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
