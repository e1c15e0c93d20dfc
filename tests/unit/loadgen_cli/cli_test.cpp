#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "loadgen/cli/cli.hpp"
#include "unit/loadgen_cli/cli_capture.hpp"
#include "loadgen/cli/exit_codes.hpp"
#include "unit/loadgen_engine/test_http_server.hpp"

using namespace ragbench::loadgen;
using namespace ragbench::loadgen::testing;
namespace fs = std::filesystem;

namespace {

// A fresh temporary folder per test, removed afterwards.
struct temp_dir {
  fs::path path;
  temp_dir() {
    path = fs::temp_directory_path() / ("loadgen_cli_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++));
    fs::create_directories(path);
  }
  ~temp_dir() { fs::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return (path / name).string();
  }
  static int& counter() {
    static int n = 0;
    return n;
  }
};

std::string scenario_for(const std::string& target, const std::string& kpi) {
  return "name: cli\ntarget: " + target +
         "\nload: {users: 2, spawn_rate: 100, duration: 500ms}\n"
         "tasks:\n  - {name: get, method: GET, path: /}\n"
         "kpis:\n  - all: " + kpi + "\n";
}

}  // namespace

TEST_CASE("cli: bad usage exits 2 with a message", "[cli]") {
  auto args = GENERATE(std::vector<std::string>{}, std::vector<std::string>{"frobnicate"},
                       std::vector<std::string>{"run"}, std::vector<std::string>{"run", "a.yaml", "--threads", "0"},
                       std::vector<std::string>{"run", "a.yaml", "--bogus"},
                       std::vector<std::string>{"run", "a.yaml", "--set", "novalue"},
                       std::vector<std::string>{"run", "a.yaml", "b.yaml"},
                       std::vector<std::string>{"report", "/nonexistent-dir", "--format", "pdf"},
                       std::vector<std::string>{"validate", "a.yaml", "--out", "x"});
  auto c = cli(args);
  CHECK(c.code == exit_usage_error);
  CHECK_FALSE(c.err.empty());
}

TEST_CASE("cli: --help and --version", "[cli]") {
  auto c = cli({"--help"});
  CHECK(c.code == exit_pass);
  CHECK(c.out.find("usage: loadgen") != std::string::npos);
  c = cli({"run", "--help"});
  CHECK(c.code == exit_pass);
  CHECK(c.out.find("--profile") != std::string::npos);
  c = cli({"report", "--help"});
  CHECK(c.out.find("--format") != std::string::npos);
  c = cli({"--version"});
  CHECK(c.code == exit_pass);
  CHECK(c.out.rfind("loadgen ", 0) == 0);
}

TEST_CASE("cli: validate reports file:line for a bad scenario", "[cli]") {
  temp_dir dir;
  std::string bad = dir.write("bad.yaml",
                              "name: bad\n"
                              "target: http://127.0.0.1:8080\n"
                              "load: {users: 0, spawn_rate: 1, duration: 1s}\n"
                              "tasks:\n  - {name: get, method: GET, path: /}\n");
  auto c = cli({"validate", bad});
  CHECK(c.code == exit_usage_error);
  CHECK(c.err.find("bad.yaml:3") != std::string::npos);
  auto missing = cli({"validate", (dir.path / "missing.yaml").string()});
  CHECK(missing.code == exit_usage_error);
  CHECK(missing.err.find("missing.yaml") != std::string::npos);
}

TEST_CASE("cli: validate rejects a bad KPI with its line", "[cli]") {
  temp_dir dir;
  std::string f = dir.write("kpi.yaml", scenario_for("http://127.0.0.1:8080", "p95 < fast"));
  auto c = cli({"validate", f});
  CHECK(c.code == exit_usage_error);
  CHECK(c.err.find("kpi.yaml:7") != std::string::npos);
  std::string good = dir.write("good.yaml", scenario_for("http://127.0.0.1:8080", "p95 < 200ms"));
  auto ok = cli({"validate", good});
  CHECK(ok.code == exit_pass);
  CHECK(ok.out.find("OK") != std::string::npos);
}

TEST_CASE("cli: run exit codes follow the KPIs and the reports are written", "[cli]") {
  test::test_http_server server;
  std::string target = "http://127.0.0.1:" + std::to_string(server.endpoint().port());
  temp_dir dir;
  std::string pass = dir.write("pass.yaml", scenario_for(target, "error_rate < 1%"));
  auto c = cli({"run", pass, "--out", (dir.path / "run1").string(), "--threads", "1"});
  CHECK(c.code == exit_pass);
  for (const char* f : {"summary.json", "report.md", "stats.csv", "junit.xml", "histograms.json", "report.html"})
    CHECK(fs::exists(dir.path / "run1" / f));
  CHECK(c.err.find("verdict pass") != std::string::npos);

  auto rep = cli({"report", (dir.path / "run1").string(), "--format", "json"});
  CHECK(rep.code == exit_pass);
  CHECK(rep.out.find("\"verdict\"") != std::string::npos);
  // report --format html re-renders the run's report.html byte for byte.
  auto html = cli({"report", (dir.path / "run1").string(), "--format", "html"});
  CHECK(html.code == exit_pass);
  std::ifstream written(dir.path / "run1" / "report.html", std::ios::binary);
  CHECK(html.out == std::string(std::istreambuf_iterator<char>(written), std::istreambuf_iterator<char>()));

  std::string fail = dir.write("fail.yaml", scenario_for(target, "p50 < 1us"));
  auto f = cli({"run", fail, "--out", (dir.path / "run2").string(), "--quiet"});
  CHECK(f.code == exit_kpi_failed);

  // --set overrides are applied: 0 s is not a valid duration -> input error before traffic.
  auto s = cli({"run", pass, "--set", "load.duration=0s", "--out", (dir.path / "run3").string()});
  CHECK(s.code == exit_usage_error);
  CHECK_FALSE(fs::exists(dir.path / "run3"));
}

TEST_CASE("cli: an unreachable target exits 3", "[cli]") {
  std::string target;
  {
    test::test_http_server server;
    target = "http://127.0.0.1:" + std::to_string(server.endpoint().port());
  }
  temp_dir dir;
  std::string f = dir.write("dead.yaml", scenario_for(target, "error_rate < 1%"));
  auto c = cli({"run", f, "--out", (dir.path / "run").string(), "--quiet"});
  CHECK(c.code == exit_run_failed);
  CHECK(c.err.find("unreachable") != std::string::npos);
}

TEST_CASE("cli: each subcommand's --help lists every flag with its meaning and the exit codes", "[cli]") {
  using flags = std::vector<std::string>;
  const auto [command, expected] = GENERATE(table<std::string, flags>({
      {"run", flags{"--profile P.yaml", "--target URL", "--out DIR", "--set KEY=VALUE", "--threads N", "--protocol P",
                    "--insecure", "--connections N", "--max-streams N", "--drain DURATION", "--max-body SIZE",
                    "--max-error-rate PCT", "--strict", "--quiet", "--web HOST:PORT", "--metrics-listen HOST:PORT",
                    "default reports/runs/<timestamp>", "exit: 0 pass"}},
      {"validate", flags{"--profile P.yaml", "--set KEY=VALUE", "without sending traffic", "exit: 0 valid"}},
      {"report", flags{"--format FORMAT", "md, csv, failures, junit, json or html (report.html) (default: md)",
                       "exit: 0 the run passed"}},
      {"compare", flags{"--baseline PATH", "--candidate PATH", "--tolerance METRIC=V", "--noise-from PATH",
                        "--gross-change PCT", "--allow-missing", "--min-abs-ms MS", "--confidence C", "--iterations N",
                        "--seed N", "--latency KIND", "--endpoint NAME", "--out DIR", "(default 2000)", "exit codes:"}},
      {"ab", flags{"--a CMD", "--b CMD", "--a-url URL", "--b-url URL", "--a-config FILE", "--b-config FILE",
                   "--profile P.yaml", "--set KEY=VALUE", "--threads N", "--trials N", "--warmup DURATION", "--seed S",
                   "--out DIR", "--confidence C", "--min-change PCT", "--ready-timeout DURATION", "(default 5;", "exit: 0 B"}},
      {"capacity", flags{"--target URL", "--server CMD", "--threads-list N,N,...", "--start RATE", "--step RATE",
                         "--factor F", "--max RATE", "--step-duration DURATION", "--warmup DURATION", "--bisect N",
                         "--out DIR", "--profile P.yaml", "--set KEY=VALUE", "--threads N", "--ready-timeout DURATION",
                         "--usl T=RPS,...", "--usl-from DIR|N=DIR", "(default 10s)", "exit: 0 a rate"}},
  }));
  for (const auto& form : {std::vector<std::string>{command, "--help"}, std::vector<std::string>{"help", command}}) {
    auto c = cli(form);
    INFO(c.out);
    CHECK(c.code == exit_pass);
    CHECK(c.out.rfind("usage: loadgen " + command, 0) == 0);
    for (const auto& f : expected) CHECK(c.out.find(f) != std::string::npos);
  }
}
