// One-line tests without a file, conventional flags, and the options people type from other tools:
// `loadgen run URL -u 5 -d 2s --kpi 'p95 < 50ms'` builds the scenario itself (before: "cannot open
// scenario file"); -u/-r/--rate/-d/-H map onto the load and target; --tags; --quiet/--silent; unknown
// options suggest the right one.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "loadgen/cli/cli.hpp"
#include "loadgen/cli/command_line.hpp"
#include "loadgen/cli/exit_codes.hpp"
#include "unit/loadgen_cli/cli_capture.hpp"
#include "unit/loadgen_engine/test_http_server.hpp"

using namespace ragbench::loadgen;
using namespace ragbench::loadgen::testing;
namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) {
  auto d = fs::temp_directory_path() / ("loadgen_url_test_" + std::to_string(::getpid()) + "_" + name);
  fs::remove_all(d);
  return d;
}

nlohmann::json summary_of(const fs::path& dir) {
  std::ifstream in(dir / "summary.json");
  REQUIRE(in.good());
  return nlohmann::json::parse(in);
}

}  // namespace

TEST_CASE("cli: loadgen run URL with -u, -d and --kpi runs one request as a scenario", "[cli][url]") {
  test::test_http_server server;
  const std::string url = "http://127.0.0.1:" + std::to_string(server.endpoint().port()) + "/health?x=1";
  const auto out = fresh_dir("get");
  auto c = cli({"run", url, "-u", "2", "-d", "500ms", "--kpi", "p95 < 5s", "--kpi", "GET /health: error_rate < 1%",
                "--out", out.string(), "--quiet", "--threads", "1"});
  INFO(c.err);
  CHECK(c.code == exit_pass);
  const auto s = summary_of(out);
  CHECK(s["endpoints"].contains("GET /health"));
  CHECK(s["endpoints"]["GET /health"]["requests"].get<int>() > 10);
  CHECK(s["settings"]["load"] == "closed: 2 users at 10/s for 500.0ms");
  REQUIRE(s["kpis"].size() == 2);
  CHECK(s["kpis"][1]["expr"] == "GET /health: error_rate < 1%");
  CHECK_THAT(c.out, Catch::Contains("Verdict: pass"));  // --quiet keeps the summary
  fs::remove_all(out);

  // The open model, a method, a header and a body; --silent prints no summary.
  const auto body = fresh_dir("body.json");
  std::ofstream(body) << R"({"query": "hello"})";
  const auto out2 = fresh_dir("post");
  auto p = cli({"run", url, "-X", "post", "--header", "X-Test: 1", "--body-file", body.string(), "--content-type",
                "application/json", "--rate", "40/s", "-d", "500ms", "--out", out2.string(), "--silent"});
  INFO(p.err);
  CHECK(p.code == exit_pass);
  CHECK(p.out.empty());
  const auto s2 = summary_of(out2);
  CHECK(s2["model"] == "open");
  CHECK(s2["endpoints"].contains("POST /health"));
  fs::remove_all(out2);
  fs::remove(body);
}

TEST_CASE("cli: conventional flags map onto the load, the target and the tags", "[cli][url]") {
  auto cmd = parse_command_line({"run", "s.yaml", "-u", "10", "-r", "5", "-d", "30s", "-H", "http://h:1", "--tags",
                                 "read,fast", "--tags", "slow", "--exclude-tags", "write", "--progress-interval", "30s"});
  const auto& r = std::get<run_options>(cmd);
  CHECK(r.sets == std::vector<std::string>{"load.users=10", "load.spawn_rate=5", "load.duration=30s", "target=http://h:1"});
  CHECK(r.extras.tags == std::vector<std::string>{"read", "fast", "slow"});
  CHECK(r.extras.exclude_tags == std::vector<std::string>{"write"});
  CHECK(r.progress_interval == std::chrono::seconds(30));
  CHECK_FALSE(r.extras.url);
  const auto open = std::get<run_options>(parse_command_line({"run", "s.yaml", "--rate", "500/s"}));
  CHECK(open.sets == std::vector<std::string>{"load.arrival_rate=500/s"});
  const auto v = std::get<validate_options>(parse_command_line({"validate", "s.yaml", "--target", "http://h:2"}));
  CHECK(v.target == "http://h:2");
}

TEST_CASE("cli: unknown options suggest the right one, URL flags need a URL", "[cli][url]") {
  auto typo = cli({"run", "s.yaml", "--user", "3"});
  CHECK(typo.code == exit_usage_error);
  CHECK_THAT(typo.err, Catch::Contains("unknown option '--user' (did you mean '--users'?)"));
  auto k6 = cli({"run", "s.yaml", "--vus", "3"});
  CHECK_THAT(k6.err, Catch::Contains("(did you mean '--users'?)"));
  auto locust = cli({"run", "s.yaml", "--run-time", "3s"});
  CHECK_THAT(locust.err, Catch::Contains("(did you mean '--duration'?)"));
  auto stray = cli({"run", "s.yaml", "--header", "A: b"});
  CHECK(stray.code == exit_usage_error);
  CHECK_THAT(stray.err, Catch::Contains("build a request from a URL"));
  auto interval = cli({"run", "s.yaml", "--progress-interval", "10ms"});
  CHECK_THAT(interval.err, Catch::Contains("--progress-interval must be a duration of at least 1s"));
}
