// `loadgen run` never calls a failed run a pass (issue 11, item 7): the error-rate bound without
// KPIs, requests still in flight at the end (waited for, or counted as unfinished), kept bodies
// above max_body, and all of a file's errors in one go.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <unistd.h>

#include "loadgen/cli/exit_codes.hpp"
#include "unit/loadgen_cli/cli_capture.hpp"
#include "unit/loadgen_engine/test_http_server.hpp"

using namespace ragbench::loadgen;
using namespace ragbench::loadgen::testing;
namespace fs = std::filesystem;

namespace {

struct run_dir {
  fs::path path = fs::temp_directory_path() / ("loadgen-verdict-test-" + std::to_string(::getpid()));
  run_dir() { fs::create_directories(path); }
  ~run_dir() { fs::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return (path / name).string();
  }
  nlohmann::json summary(const std::string& run) const {
    std::ifstream in(path / run / "summary.json");
    return nlohmann::json::parse(in);
  }
  std::string out(const std::string& run) const { return (path / run).string(); }
};

std::string target_of(const test::test_http_server& s) {
  return "http://127.0.0.1:" + std::to_string(s.endpoint().port());
}

}  // namespace

TEST_CASE("run: every request failing its check fails the run even without KPIs", "[cli][verdict]") {
  // Before: 20 of 20 requests failed their check, no KPIs: verdict pass, exit 0.
  test::test_http_server server;
  run_dir dir;
  const std::string f = dir.write("check.yaml", "target: " + target_of(server) +
                                                    "\nload: {users: 1, spawn_rate: 1/s, duration: 2s}\n"
                                                    "wait: {constant: 100ms}\n"
                                                    "tasks:\n  - {name: get, path: /, check: {status: 201}}\n");
  auto c = cli({"run", f, "--out", dir.out("run"), "--quiet", "--threads", "1"});
  CHECK(c.code == exit_kpi_failed);
  auto s = dir.summary("run");
  CHECK(s["totals"]["failures"] == s["totals"]["requests"]);
  CHECK(s["verdict"] == "fail");
  CHECK(s["verdict_reason"] == "KPI failed: all: error_rate <= 1% (max_error_rate): measured 100%");
  CHECK_THAT(c.err, Catch::Contains("verdict fail: KPI failed: all: error_rate <= 1% (max_error_rate)"));
  // --max-error-rate sets the bound (here: anything goes).
  auto loose = cli({"run", f, "--out", dir.out("run2"), "--quiet", "--threads", "1", "--max-error-rate", "100%"});
  CHECK(loose.code == exit_pass);
  auto bad = cli({"run", f, "--out", dir.out("run3"), "--quiet", "--max-error-rate", "lots"});
  CHECK(bad.code == exit_usage_error);
  CHECK_THAT(bad.err, Catch::Contains("--set max_error_rate=lots: max_error_rate: expected a percentage"));
}

TEST_CASE("run: requests in flight at the end are counted, never dropped", "[cli][verdict]") {
  // Before: with a 30 s timeout they vanished after a 5 s grace: 0 requests, verdict pass.
  test::test_http_server silent([](std::size_t, const std::string&) {
    return test::server_action{test::server_action::silent};
  });
  run_dir dir;
  SECTION("a drain shorter than the timeout: unfinished") {
    const std::string f = dir.write("silent.yaml", "target: " + target_of(silent) +
                                                       "\nload: {users: 3, spawn_rate: 100/s, duration: 300ms}\n"
                                                       "tasks:\n  - {name: get, path: /, timeout: 30s}\n");
    auto c = cli({"run", f, "--out", dir.out("run"), "--quiet", "--threads", "1", "--drain", "200ms"});
    CHECK(c.code == exit_kpi_failed);
    CHECK_THAT(c.err, Catch::Contains("load phase over; waiting up to 200.0ms for 3 requests in flight (drain)"));
    auto s = dir.summary("run");
    CHECK(s["totals"]["requests"] == 3);
    CHECK(s["aggregated"]["errors"]["unfinished"] == 3);
    CHECK(s["settings"]["in_flight_at_end"] == "3");
  }
  SECTION("the default drain is the request timeout: timeouts") {
    const std::string f = dir.write("silent2.yaml", "target: " + target_of(silent) +
                                                        "\nload: {users: 3, spawn_rate: 100/s, duration: 300ms}\n"
                                                        "tasks:\n  - {name: get, path: /, timeout: 400ms}\n");
    auto c = cli({"run", f, "--out", dir.out("run2"), "--quiet", "--threads", "1"});
    CHECK(c.code == exit_kpi_failed);
    CHECK_THAT(c.err, Catch::Contains("waiting up to 400.0ms for 3 requests in flight"));
    auto s = dir.summary("run2");
    CHECK(s["totals"]["requests"] == 3);
    CHECK(s["aggregated"]["errors"]["timeout"] == 3);
  }
}

TEST_CASE("run: a kept body above --max-body is body_too_large", "[cli][verdict]") {
  test::test_http_server server([](std::size_t, const std::string&) {
    test::server_action a;
    a.body = std::string(4096, 'x') + "needle";
    return a;
  });
  run_dir dir;
  const std::string f = dir.write("body.yaml", "target: " + target_of(server) +
                                                   "\nload: {users: 1, spawn_rate: 1/s, duration: 300ms}\n"
                                                   "tasks:\n  - {name: get, path: /, check: {body_contains: needle}}\n"
                                                   "kpis:\n  - all: failures == 0\n");
  CHECK(cli({"run", f, "--out", dir.out("run"), "--quiet", "--threads", "1"}).code == exit_pass);
  auto c = cli({"run", f, "--out", dir.out("run2"), "--quiet", "--threads", "1", "--max-body", "1KiB"});
  CHECK(c.code == exit_kpi_failed);
  auto s = dir.summary("run2");
  CHECK(s["aggregated"]["errors"]["body_too_large"] == s["totals"]["requests"]);
}

TEST_CASE("validate: KPI syntax errors come with the file's other errors", "[cli][verdict]") {
  // Before: the KPI error appeared only after the structural errors were fixed.
  run_dir dir;
  const std::string f = dir.write("both.yaml",
                                  "target: http://127.0.0.1:8080\nload: {users: 0, duration: 1s}\n"
                                  "tasks:\n  - {name: get, path: /}\nkpis:\n  - all: p95 < 100ms after 1h\n"
                                  "  - all: p95 < fast\n");
  auto c = cli({"validate", f});
  CHECK(c.code == exit_usage_error);
  CHECK_THAT(c.err, Catch::Contains("both.yaml:2: load.users: expected an integer"));
  CHECK_THAT(c.err, Catch::Contains("both.yaml:7: kpi 'p95 < fast': column 7: expected a non-negative number"));
  CHECK_THAT(c.err, !Catch::Contains("both.yaml:6"));  // 'after 1h' is a valid duration
}
