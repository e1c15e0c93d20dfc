// `loadgen ab` and `loadgen capacity` on the command line: help, bad arguments (exit 2), servers
// that never start (exit 3), the USL-only form of capacity, and the server launcher.
#include <catch2/catch.hpp>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "loadgen/cli/cli.hpp"
#include "unit/loadgen_cli/cli_capture.hpp"
#include "loadgen/experiment/server_process.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::loadgen;
using namespace ragbench::loadgen::testing;

namespace {

const std::string scenario_path = std::string(RAGBENCH_SOURCE_DIR) + "/scenarios/knowledge_assistant.yaml";

}  // namespace

TEST_CASE("ab and capacity print their help", "[experiment][cli]") {
  auto ab = cli({"ab", "--help"});
  CHECK(ab.code == 0);
  CHECK_THAT(ab.out, Catch::Contains("--a-url") && Catch::Contains("--trials"));
  auto cap = cli({"help", "capacity"});
  CHECK(cap.code == 0);
  CHECK_THAT(cap.out, Catch::Contains("--bisect") && Catch::Contains("--usl"));
}

TEST_CASE("ab rejects bad arguments with exit 2 and a clear message", "[experiment][cli]") {
  using args = std::vector<std::string>;
  auto [argv, expected] = GENERATE(table<args, std::string>({
      {args{"ab", "--a-url", "http://127.0.0.1:1", "--b-url", "http://127.0.0.1:2"}, "missing SCENARIO.yaml"},
      {args{"ab", scenario_path, "--a-url", "http://127.0.0.1:1"}, "missing side B"},
      {args{"ab", scenario_path, "--a", "x", "--a-url", "http://h", "--b", "y"}, "give side a only once"},
      {args{"ab", scenario_path, "--a", "x", "--b", "y", "--trials", "0"}, "--trials must be an integer from 1"},
      {args{"ab", scenario_path, "--a", "x", "--b", "y", "--warmup", "soon"}, "--warmup must be a duration"},
      {args{"ab", scenario_path, "--a", "x", "--b", "y", "--confidence", "2"}, "--confidence must be"},
      {args{"ab", scenario_path, "--a", "x", "--b", "y", "--min-change", "lots"}, "--min-change must be"},
      {args{"ab", scenario_path, "--a", "x", "--b-config", "/nonexistent.yaml"}, "no such file"},
      {args{"ab", scenario_path, "--a", "x", "--b", "y", "--bogus"}, "unknown option '--bogus'"},
      {args{"ab", scenario_path, "--a", "x", "--b", "y", "--seed"}, "--seed needs a value"},
      {args{"ab", scenario_path, "--a-url", "ftp://x", "--b-url", "http://127.0.0.1:1"}, "bad URL 'ftp://x'"},
  }));
  auto c = cli(argv);
  INFO(c.err);
  CHECK(c.code == 2);
  CHECK_THAT(c.err, Catch::Contains(expected));
}

TEST_CASE("capacity rejects bad arguments with exit 2 and a clear message", "[experiment][cli]") {
  using args = std::vector<std::string>;
  auto [argv, expected] = GENERATE(table<args, std::string>({
      {args{"capacity"}, "missing SCENARIO.yaml"},
      {args{"capacity", scenario_path, "--start", "fast"}, "--start must be a rate"},
      {args{"capacity", scenario_path, "--factor", "0.5"}, "--factor must be a number above 1"},
      {args{"capacity", scenario_path, "--factor", "2", "--step", "10/s"}, "not both"},
      {args{"capacity", scenario_path, "--start", "500/s", "--max", "100/s"}, "--start is above --max"},
      {args{"capacity", scenario_path, "--step-duration", "10ms"}, "at least 1s"},
      {args{"capacity", scenario_path, "--threads-list", "1,2"}, "needs --server"},
      {args{"capacity", scenario_path, "--server", "x", "--threads-list", "1,2"}, "must contain {threads}"},
      {args{"capacity", scenario_path, "--threads-list", "1,x", "--server", "a {threads}"}, "--threads-list must be"},
      {args{"capacity", "--usl", "1=100"}, "2 or more"},
      {args{"capacity", "--usl", "1=100,2=abc"}, "bad throughput"},
      {args{"capacity", "--usl-from", "/nonexistent"}, "no capacity.json"},
  }));
  auto c = cli(argv);
  INFO(c.err);
  CHECK(c.code == 2);
  CHECK_THAT(c.err, Catch::Contains(expected));
}

TEST_CASE("capacity --usl fits and reports without a scenario", "[experiment][cli]") {
  ragbench::testing::temp_dir dir;
  auto c = cli({"capacity", "--usl", "1=1000,2=1850,4=3100,8=4200", "--out", dir.str()});
  INFO(c.err);
  CHECK(c.code == 0);
  CHECK_THAT(c.out, Catch::Contains("USL fit over 4 points"));
  std::ifstream in(dir.path() / "capacity.json");
  auto j = nlohmann::json::parse(in);
  CHECK(j["schema"] == "ragbench.capacity/1");
  CHECK(j["usl"]["lambda"].get<double>() > 900);
  CHECK(j["usl"]["r_squared"].get<double>() > 0.95);
  CHECK(j["usl"]["projections"].size() == 2);
  std::ifstream page(dir.path() / "capacity.html", std::ios::binary);
  const std::string html((std::istreambuf_iterator<char>(page)), std::istreambuf_iterator<char>());
  CHECK_THAT(html, Catch::Contains("Universal Scalability Law") && Catch::Contains("data-charts=\"usl\""));
  // and the result can feed another fit: N=DIR with its peak throughput (none here -> rejected)
  auto again = cli({"capacity", "--usl-from", dir.str()});
  CHECK(again.code == 2);
}

TEST_CASE("capacity: a result file that cannot be written fails the command and names the file", "[experiment][cli]") {
  ragbench::testing::temp_dir dir;
  std::filesystem::create_directories(dir.path() / "capacity.json");  // a directory where the file goes
  auto c = cli({"capacity", "--usl", "1=1000,2=1850,4=3100,8=4200", "--out", dir.str()});
  CHECK(c.code == 3);
  CHECK_THAT(c.err, Catch::Contains("capacity.json: cannot open for writing"));
}

TEST_CASE("ab: a side whose server never starts fails with exit 3", "[experiment][cli]") {
  ragbench::testing::temp_dir dir;
  auto c = cli({"ab", scenario_path, "--profile", std::string(RAGBENCH_SOURCE_DIR) + "/profiles/smoke.yaml", "--a",
                "exit 7", "--b", "exit 7", "--trials", "1", "--out", dir.str()});
  INFO(c.err);
  CHECK(c.code == 3);
  CHECK_THAT(c.err, Catch::Contains("failed to start") && Catch::Contains("status 7"));
}

TEST_CASE("server_process: ready by its listening line or its port, stopped, failures explained", "[experiment][server]") {
  ragbench::testing::temp_dir dir;
  SECTION("listening line") {
    server_process p("echo 'demo listening on http://127.0.0.1:4321'; exec sleep 30", dir.path() / "a");
    CHECK(p.url() == "http://127.0.0.1:4321");
    CHECK(p.stop() == 128 + SIGTERM);
  }
  SECTION("port placeholder, data dir") {
    server_process p("test -d {data_dir} && exec python3 -m http.server --bind 127.0.0.1 {port}", dir.path() / "b");
    CHECK(p.url().rfind("http://127.0.0.1:", 0) == 0);
    CHECK(p.command().find("{port}") == std::string::npos);
    p.stop();
  }
  SECTION("exits before listening") {
    CHECK_THROWS_WITH(server_process("echo boom >&2; exit 3", dir.path() / "c"),
                      Catch::Contains("status 3") && Catch::Contains("boom"));
  }
  SECTION("never ready") {
    CHECK_THROWS_WITH(server_process("exec sleep 30", dir.path() / "d", {}, std::chrono::milliseconds(200)),
                      Catch::Contains("not ready"));
  }
  CHECK(server_process::substitute("a {x} {y} {x}", {{"x", "1"}}) == "a 1 {y} 1");
}
