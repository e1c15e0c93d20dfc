// bench/gate_calibration.sh --smoke: the calibration script end to end on real ragservers (2 pairs per
// slowdown, 2 trials per side, 1-second runs), and its table is well formed: one row per slowdown and
// judging mode, counts that add up, rates that match them.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "integration/support/ragserver_process.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::testing;
namespace fs = std::filesystem;

TEST_CASE("gate_calibration --smoke produces a well-formed table", "[integration][calibration]") {
  temp_dir dir;
  const fs::path out = dir.path() / "calibration";
  child_process script({"/bin/bash", source_dir() + "/bench/gate_calibration.sh", "--smoke", "--out", out.string(),
                        "--bin-dir", build_dir() + "/bin"},
                       dir.str() + "/script");
  const auto status = script.wait(std::chrono::minutes(5));
  REQUIRE(status.has_value());
  INFO(script.stdout_text() << script.stderr_text());
  REQUIRE(*status == 0);

  std::ifstream md(out / "calibration.md");
  REQUIRE(md.good());
  std::string line;
  std::vector<std::string> rows;
  bool header = false;
  while (std::getline(md, line)) {
    if (line.rfind("| candidate | judged on | pairs | gate failed (exit 1) | rate |", 0) == 0) header = true;
    if (line.rfind("| A/A", 0) == 0 || line.rfind("| +", 0) == 0) rows.push_back(line);
  }
  CHECK(header);
  REQUIRE(rows.size() == 9);  // {A/A, +20 %, +50 %} x {2 runs, 1 run, 1 run with --noise-from}
  const std::regex row_re(R"(\| (A/A|\+20 % slower|\+50 % slower) \| (2 runs per side|1 run per side|1 run per side, --noise-from) \| 2 \| ([0-2]) (false alarms|detected) \| (\d+) % \| ([0-2]) \| ([+-]\d+\.\d) % \| .+ \|)");
  for (const auto& r : rows) {
    std::smatch m;
    INFO(r);
    REQUIRE(std::regex_match(r, m, row_re));
    CHECK((m[1] == "A/A") == (m[4] == "false alarms"));
    CHECK(std::stoi(m[5]) == std::stoi(m[3]) * 50);  // the rate is the count over 2 pairs
  }
  const auto j = nlohmann::json::parse(std::ifstream(out / "calibration.json"));
  CHECK(j["runs"] == 2);
  for (const char* slowdown : {"0", "20", "50"}) {
    for (const char* mode : {"many", "one", "one-noise"}) {
      INFO(slowdown << " " << mode);
      REQUIRE(j["results"][slowdown][mode]["pairs"].size() == 2);
      for (const auto& p : j["results"][slowdown][mode]["pairs"]) CHECK((p["exit_code"] == 0 || p["exit_code"] == 1));
    }
  }
  CHECK_THAT(j["load_start"].get<std::string>(), Catch::Contains("load average"));
  CHECK(fs::exists(out / "reference" / "ab.json"));
}

TEST_CASE("gate_calibration --slowdowns measures only the named rows and rejects a bad list",
          "[integration][calibration]") {
  temp_dir dir;
  const fs::path out = dir.path() / "calibration";
  const std::string script_path = source_dir() + "/bench/gate_calibration.sh";
  child_process bad({"/bin/bash", script_path, "--slowdowns", "fast", "--out", out.string()}, dir.str() + "/bad");
  const auto bad_status = bad.wait(std::chrono::seconds(30));
  REQUIRE(bad_status.has_value());
  CHECK(*bad_status == 2);
  CHECK_THAT(bad.stderr_text(), Catch::Contains("--slowdowns takes percentages"));
  CHECK_FALSE(fs::exists(out));

  child_process script({"/bin/bash", script_path, "--smoke", "--pairs", "1", "--slowdowns", "50", "--out",
                        out.string(), "--bin-dir", build_dir() + "/bin"},
                       dir.str() + "/script");
  const auto status = script.wait(std::chrono::minutes(5));
  REQUIRE(status.has_value());
  INFO(script.stdout_text() << script.stderr_text());
  REQUIRE(*status == 0);
  const auto j = nlohmann::json::parse(std::ifstream(out / "calibration.json"));
  REQUIRE(j["results"].size() == 1);
  REQUIRE(j["results"].contains("50"));
  for (const char* mode : {"many", "one", "one-noise"}) {
    INFO(mode);
    CHECK(j["results"]["50"][mode]["pairs"].size() == 1);
  }
}
