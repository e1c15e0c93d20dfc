// What prepare_scenario says before any traffic: a KPI whose `after` leaves nothing of the load is an
// error (before: it passed validate and failed after the run, blaming a warm-up never set), and
// settings that would do nothing come back as warnings.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "loadgen/cli/scenario_setup.hpp"
#include "loadgen/scenario/scenario_error.hpp"

using namespace ragbench::loadgen;
namespace fs = std::filesystem;

namespace {

struct scenario_file {
  fs::path path = fs::temp_directory_path() / ("ragbench-setup-" + std::to_string(::getpid()) + ".yaml");
  explicit scenario_file(const std::string& text) { std::ofstream(path) << text; }
  ~scenario_file() { fs::remove(path); }
};

const std::string head = "target: http://127.0.0.1:9\ntasks:\n  - {name: h, path: /health}\n";

}  // namespace

TEST_CASE("a KPI whose 'after' is at or past the end of the load is refused before the run", "[cli][setup]") {
  scenario_file f(head + "load: {users: 1, duration: 2s}\nkpis:\n  - h: p95 < 1s after 2s\n  - h: p99 < 1s after 1s\n");
  try {
    prepare_scenario(f.path.string(), std::nullopt, std::nullopt, {});
    FAIL("no error");
  } catch (const scenario_error& e) {
    CHECK_THAT(e.what(), Catch::Contains(f.path.string() + ":6: kpi 'p95 < 1s after 2s': 'after' leaves nothing of "
                                                           "the load (closed: 1 users at 1/s for 2.00s)"));
    CHECK_THAT(e.what(), !Catch::Contains("after 1s"));
  }
  // A longer load (here from --set) makes the same KPI fine.
  const auto p = prepare_scenario(f.path.string(), std::nullopt, std::nullopt, {"load.duration=5s"});
  CHECK(p.kpis.size() == 2);
}

TEST_CASE("settings that do nothing in this run come back as warnings", "[cli][setup]") {
  scenario_file f(head + "load: {users: 2, duration: 2s, max_connections: 4}\nwait: {constant: 1s}\n");
  auto p = prepare_scenario(f.path.string(), std::nullopt, std::nullopt, {});
  REQUIRE(p.warnings.size() == 1);
  CHECK_THAT(p.warnings[0], Catch::Contains("load.max_connections: has no effect under the closed model"));
  p = prepare_scenario(f.path.string(), std::nullopt, std::nullopt, {"load={arrival_rate: 5/s, duration: 2s}"});
  REQUIRE(p.warnings.size() == 1);
  CHECK_THAT(p.warnings[0], Catch::Contains("wait: has no effect under the open model"));
}
