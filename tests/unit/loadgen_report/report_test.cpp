#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "loadgen/report/histograms_json.hpp"
#include "loadgen/report/machine_fingerprint.hpp"
#include "loadgen/report/run_dir.hpp"
#include "loadgen/report/summary_json.hpp"
#include "sample_run.hpp"

using namespace ragbench::loadgen;
namespace fs = std::filesystem;

namespace {

run_result evaluated_sample() {
  auto run = testing::sample_run();
  std::vector<kpi> kpis;
  for (auto [endpoint, text] : std::vector<std::pair<const char*, const char*>>{
           {"search", "p95 < 100ms after 5s"}, {"query", "p99 < 1s"}, {"all", "error_rate < 0.1%"},
           {"all", "rps >= 100"}}) {
    kpis.push_back(std::get<kpi>(parse_kpi(text, endpoint)));
  }
  evaluate_kpis(run, kpis);
  run.generator_valid = false;
  run.generator_reason = "3 scheduled starts dropped";
  return run;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path temp_dir(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("ragbench-report-test-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

}  // namespace

TEST_CASE("report writers match the golden files", "[report]") {
  const auto run = evaluated_sample();
  const auto [format, file] = GENERATE(table<std::string, std::string>({{"json", "summary.json"},
                                                                        {"md", "report.md"},
                                                                        {"csv", "stats.csv"},
                                                                        {"failures", "failures.csv"},
                                                                        {"junit", "junit.xml"}}));
  const fs::path golden = fs::path(RAGBENCH_SOURCE_DIR) / "tests/golden/loadgen" / file;
  const auto rendered = render(run, format);
  if (std::getenv("RAGBENCH_UPDATE_GOLDEN")) {
    fs::create_directories(golden.parent_path());
    std::ofstream(golden, std::ios::binary) << rendered;
  }
  INFO("golden file " << golden << " (set RAGBENCH_UPDATE_GOLDEN=1 to rewrite)");
  REQUIRE(fs::exists(golden));
  CHECK(rendered == slurp(golden));
}

TEST_CASE("summary.json carries the documented fields", "[report]") {
  const auto j = to_summary_json(evaluated_sample());
  CHECK(j["schema"] == "ragbench.loadgen.summary/v1");
  CHECK(j["totals"]["requests"] == 2500);
  CHECK(j["totals"]["failures"] == 100);
  CHECK(j["totals"]["dropped"] == 3);
  CHECK(j["endpoints"]["query"]["errors"]["timeout"] == 60);
  CHECK(j["endpoints"]["query"]["status"]["503"] == 40);
  for (const char* k : {"min", "mean", "p50", "p90", "p95", "p99", "p999", "max"}) {
    CHECK(j["endpoints"]["search"]["latency_ms"].contains(k));
    CHECK(j["endpoints"]["search"]["service_time_ms"].contains(k));
  }
  CHECK(j["kpis"].size() == 4);
  CHECK(j["verdict"] == "fail");
  CHECK(j["generator"]["valid"] == false);
}

TEST_CASE("a run directory reads back into the same result", "[report]") {
  const auto run = evaluated_sample();
  const auto dir = temp_dir("roundtrip");
  write_run_dir(run, dir);
  for (const char* f : {"summary.json", "report.md", "stats.csv", "failures.csv", "junit.xml", "histograms.json", "report.html"}) {
    CHECK(fs::exists(dir / f));
  }
  const auto back = read_run_dir(dir);
  CHECK(back == run);
  CHECK(to_summary_json(back) == to_summary_json(run));
  CHECK(slurp(dir / "summary.json") == render(back, "json"));
  CHECK(render(back, "md") == render(run, "md"));
  fs::remove_all(dir);
}

TEST_CASE("the machine fingerprint is written and read back, and older results without it still read",
          "[report][machine]") {
  auto run = evaluated_sample();
  run.machine = machine_fingerprint{"AMD EPYC 7B13", 2, "Linux 6.1.0-18-amd64 x86_64", 1.25};
  const auto dir = temp_dir("machine");
  write_run_dir(run, dir);
  const auto back = read_run_dir(dir);
  REQUIRE(back.machine.has_value());
  CHECK(*back.machine == *run.machine);
  const auto summary = to_summary_json(run);
  CHECK(summary["machine"]["cpu_model"] == "AMD EPYC 7B13");
  CHECK(summary["machine"]["cores"] == 2);
  CHECK(summary["machine"]["kernel"] == "Linux 6.1.0-18-amd64 x86_64");
  CHECK(summary["machine"]["load_average"] == 1.25);
  CHECK_THAT(render(run, "md"), Catch::Contains("Machine: AMD EPYC 7B13, 2 cores, Linux 6.1.0-18-amd64 x86_64; load average 1.25"));
  CHECK_FALSE(to_summary_json(evaluated_sample()).contains("machine"));  // absent when unknown
  const auto probed = probe_machine();
  CHECK(probed.cores >= 1);
  CHECK_FALSE(probed.cpu_model.empty());
  CHECK_FALSE(probed.kernel.empty());
  fs::remove_all(dir);
}

TEST_CASE("reports group endpoints by the steps' tags, and the grouping reads back", "[report][tags]") {
  auto run = evaluated_sample();
  run.tags = {{"all-reads", {"search", "query"}}, {"cached", {"search"}}, {"unused", {"never-ran"}}};
  const auto groups = tag_groups(run);
  REQUIRE(groups.size() == 3);
  CHECK(groups[0].name == "all-reads");
  CHECK(groups[0].requests == run.stats.find("search")->requests + run.stats.find("query")->requests);
  CHECK(groups[0].failures == run.stats.find("query")->failures);
  CHECK(groups[0].latency.count() ==
        run.stats.find("search")->latency.count() + run.stats.find("query")->latency.count());
  CHECK(groups[1].requests == run.stats.find("search")->requests);
  CHECK(groups[1].latency.value_at_percentile(95) == run.stats.find("search")->latency.value_at_percentile(95));
  CHECK(groups[2].requests == 0);  // a tag whose endpoint got no samples: a zero row, not an error
  const auto summary = to_summary_json(run);
  CHECK(summary["tags"]["cached"]["requests"] == run.stats.find("search")->requests);
  CHECK(summary["tags"]["all-reads"]["endpoints"] == nlohmann::json::array({"search", "query"}));
  const auto md = render(run, "md");
  CHECK_THAT(md, Catch::Contains("### By tag"));
  CHECK_THAT(md, Catch::Contains("| cached | " + std::to_string(groups[1].requests) + " | 0 |"));
  const auto dir = temp_dir("tags");
  write_run_dir(run, dir);
  CHECK(read_run_dir(dir).tags == run.tags);
  fs::remove_all(dir);
  CHECK_FALSE(to_summary_json(evaluated_sample()).contains("tags"));  // absent without tags
  CHECK_THAT(render(evaluated_sample(), "md"), !Catch::Contains("By tag"));
}

TEST_CASE("bad run directories give clear errors", "[report]") {
  const auto dir = temp_dir("bad");
  CHECK_THROWS_WITH(read_run_dir(dir), Catch::Contains("histograms.json") && Catch::Contains("cannot open"));
  fs::create_directories(dir);
  auto write = [&](const std::string& text) { std::ofstream(dir / "histograms.json") << text; };
  write("{not json");
  CHECK_THROWS_WITH(read_run_dir(dir), Catch::Contains("histograms.json") && Catch::Contains("not valid JSON"));

  const auto good = to_histograms_json(evaluated_sample());
  auto bad = [&](auto mutate, const std::string& expected) {
    auto j = good;
    mutate(j);
    write(j.dump());
    CHECK_THROWS_WITH(read_run_dir(dir), Catch::Contains("histograms.json") && Catch::Contains(expected));
  };
  bad([](auto& j) { j["schema"] = "v0"; }, "\"schema\" must be");
  bad([](auto& j) { j.erase("scenario"); }, "missing field \"scenario\"");
  bad([](auto& j) { j["duration_s"] = "long"; }, "\"duration_s\" must be a number");
  bad([](auto& j) { j["model"] = "mixed"; }, "\"model\" must be");
  bad([](auto& j) { j["verdict"] = "maybe"; }, "\"verdict\" must be");
  bad([](auto& j) { j["kpis"][0]["pass"] = 1; }, "kpi #0");
  bad([](auto& j) { j["stats"]["endpoints"][0]["failures"] = 99999; }, "more failures than requests");
  bad([](auto& j) { j["stats"]["endpoints"][0]["errors"]["gremlins"] = 1; }, "unknown error kind \"gremlins\"");
  bad([](auto& j) { j["stats"]["endpoints"][0]["status"]["abc"] = 1; }, "status code \"abc\"");
  bad([](auto& j) { j["stats"]["endpoints"][0]["latency"]["count"] = 1; }, "latency");
  bad([](auto& j) { j["stats"]["endpoints"][1]["name"] = "search"; }, "appears twice");
  bad([](auto& j) { j["stats"]["endpoints"][0]["time_series"][1][0] = 0; }, "out of order");
  bad([](auto& j) { j["stats"]["endpoints"][0]["time_series"][0][1] = 7; }, "do not add up");
  CHECK_THROWS_WITH(render(evaluated_sample(), "pdf"), Catch::Contains("unknown report format 'pdf'"));
  fs::remove_all(dir);
}

TEST_CASE("an interrupted run says so, and when, in every report and reads back", "[report]") {
  // Before: a run stopped by Ctrl-C at 2.2 s of 5 s reported "PASS" and nothing about the stop.
  auto run = evaluated_sample();
  mark_interrupted(run, {"SIGINT", "2024-05-01T12:00:02Z", 2.2, 20});
  const auto j = to_summary_json(run);
  CHECK(j["verdict"] == "interrupted");
  CHECK(j["verdict_reason"] ==
        "interrupted by SIGINT after 2.2 s of 20.0 s (at 2024-05-01T12:00:02Z); the results cover only that part");
  CHECK(j["interrupted"]["signal"] == "SIGINT");
  CHECK(j["interrupted"]["after_s"] == 2.2);
  CHECK(j["interrupted"]["planned_s"] == 20.0);
  CHECK(j["interrupted"]["at"] == "2024-05-01T12:00:02Z");
  const std::string md = render(run, "md");
  CHECK_THAT(md, Catch::Contains("⛔ INTERRUPTED") && Catch::Contains("The run was cut short:** interrupted by SIGINT after 2.2 s"));
  CHECK_THAT(render(run, "junit"), Catch::Contains("type=\"interrupted\"") && Catch::Contains("after 2.2 s of 20.0 s"));
  const auto dir = temp_dir("interrupted");
  write_run_dir(run, dir);
  const auto back = read_run_dir(dir);
  CHECK(back == run);
  CHECK(render(back, "md") == md);
  fs::remove_all(dir);
  CHECK_FALSE(to_summary_json(evaluated_sample()).contains("interrupted"));
}

TEST_CASE("the new error kinds are reported by name", "[report]") {
  CHECK(to_string(error_kind::unfinished) == "unfinished");
  CHECK(to_string(error_kind::body_too_large) == "body_too_large");
  CHECK(parse_error_kind("unfinished") == error_kind::unfinished);
  CHECK(parse_error_kind("body_too_large") == error_kind::body_too_large);
}
