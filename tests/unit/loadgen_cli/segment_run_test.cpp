// loadgen run --segment / --start-at / --run-id: option errors, the run identity, and segments of an
// open-model run whose requests add up to the one-process run.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "loadgen/args/option_parser.hpp"
#include "loadgen/cli/exit_codes.hpp"
#include "loadgen/cli/run_identity.hpp"
#include "unit/loadgen_cli/cli_capture.hpp"
#include "unit/loadgen_engine/test_http_server.hpp"

using namespace ragbench::loadgen;
using namespace ragbench::loadgen::testing;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

struct temp_dir {
  fs::path path;
  temp_dir() {
    static int n = 0;
    path = fs::temp_directory_path() / ("loadgen_segment_test_" + std::to_string(::getpid()) + "_" + std::to_string(n++));
    fs::create_directories(path);
  }
  ~temp_dir() { fs::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return (path / name).string();
  }
};

nlohmann::json summary(const fs::path& dir) {
  std::ifstream in(dir / "summary.json");
  return nlohmann::json::parse(in);
}

std::int64_t unix_s(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

TEST_CASE("segment options: bad --segment, --start-at and --run-id exit 2 with a message", "[cli][segment]") {
  struct bad_case {
    std::vector<std::string> args;
    std::string says;
  };
  const std::vector<bad_case> cases{
      {{"--segment", "4/4"}, "index 4 is not below the count 4"},
      {{"--segment", "0/0"}, "at least 1"},
      {{"--segment", "0/100001"}, "at most 100000"},
      {{"--segment", "one/four"}, "I/N"},
      {{"--segment", "1"}, "I/N"},
      {{"--start-at", "tomorrow"}, "--start-at 'tomorrow'"},
      {{"--start-at", "2026-12-05T03:00:00"}, "no time zone"},
      {{"--start-at", "2026-02-30T03:00:00Z"}, "no such date"},
      {{"--start-at", "2026-12-05T03:00:00Zjunk"}, "unexpected text"},
      {{"--start-at", "-5"}, "--start-at"},
      {{"--start-at", "1000"}, "in the past"},  // 1970: long gone
      {{"--run-id", "abc"}, "needs --segment"},
      {{"--segment", "0/2", "--run-id", "has space"}, "--run-id must be"},
  };
  temp_dir dir;
  const std::string scn = dir.write("s.yaml", "name: s\ntarget: http://127.0.0.1:9\n"
                                              "load: {arrival_rate: 10/s, duration: 1s}\n"
                                              "tasks:\n  - {name: get, method: GET, path: /}\n");
  for (const auto& c : cases) {
    std::vector<std::string> args{"run", scn, "--out", (dir.path / "never").string()};
    args.insert(args.end(), c.args.begin(), c.args.end());
    auto r = cli(args);
    INFO(c.args[0] << " " << c.args[1] << ": " << r.err);
    CHECK(r.code == exit_usage_error);
    CHECK(r.err.find(c.says) != std::string::npos);
    CHECK_FALSE(fs::exists(dir.path / "never"));
  }
}

TEST_CASE("segment options: --start-at accepts RFC 3339 and epoch seconds", "[cli][segment]") {
  CHECK(unix_s(parse_start_at("2026-12-05T03:00:00Z")) == 1796439600);
  CHECK(unix_s(parse_start_at("1796439600")) == 1796439600);
  CHECK(unix_s(parse_start_at("2026-12-05t03:00:00z")) == 1796439600);
  CHECK(unix_s(parse_start_at("2026-12-05T04:00:00+01:00")) == 1796439600);
  CHECK(unix_s(parse_start_at("2026-12-04T22:30:00-04:30")) == 1796439600);
  CHECK(parse_start_at("2026-12-05T03:00:00.250Z") - parse_start_at("1796439600") == 250ms);
  CHECK(parse_start_at("1796439600.5") - parse_start_at("1796439600") == 500ms);
  CHECK(format_utc(parse_start_at("1796439600")) == "2026-12-05T03:00:00Z");
  CHECK(format_utc(parse_start_at("1796439600.25")) == "2026-12-05T03:00:00.250Z");

  const auto now = parse_start_at("1796439600");
  CHECK_NOTHROW(check_start_at(now + 3600s, now));
  CHECK_NOTHROW(check_start_at(now - 59s, now));  // late, but the run still starts (and says so)
  CHECK_THROWS_AS(check_start_at(now - 61s, now), usage_error);
}

TEST_CASE("segment identity: the scenario hash and run id are canonical and deterministic", "[cli][segment]") {
  const auto h = scenario_hash_of("name: x\n", std::nullopt, {"seed=1"});
  CHECK(h.rfind("sha256:", 0) == 0);
  CHECK(h.size() == 7 + 64);
  CHECK(h == scenario_hash_of("name: x\n", std::nullopt, {"seed=1"}));
  CHECK(h != scenario_hash_of("name: y\n", std::nullopt, {"seed=1"}));
  CHECK(h != scenario_hash_of("name: x\n", std::nullopt, {"seed=2"}));
  CHECK(h != scenario_hash_of("name: x\n", std::string(), {"seed=1"}));      // a profile, even empty, counts
  CHECK(scenario_hash_of("ab", std::nullopt, {"c"}) != scenario_hash_of("a", std::nullopt, {"bc"}));  // framed

  const auto id = derive_run_id(h, 1796439600000, std::nullopt, 4);
  CHECK(id.size() == 16);
  CHECK(id == derive_run_id(h, 1796439600000, std::nullopt, 4));
  CHECK(id != derive_run_id(h, 1796439601000, std::nullopt, 4));
  CHECK(id != derive_run_id(h, 1796439600000, 7, 4));
  CHECK(id != derive_run_id(h, 1796439600000, std::nullopt, 5));
  CHECK(derive_run_seed(id) == derive_run_seed(id));
  CHECK(derive_run_seed(id) != derive_run_seed(id + "x"));
}

TEST_CASE("segment run: two segments of an open-model run add up to the one-process run", "[cli][segment]") {
  ragbench::loadgen::test::test_http_server server;
  temp_dir dir;
  // Poisson without a seed in the file: the segments derive one from the run id, so they agree.
  const std::string scn = dir.write(
      "open.yaml", "name: open\ntarget: http://127.0.0.1:" + std::to_string(server.endpoint().port()) +
                       "\nload: {arrival_rate: 400/s, arrival: poisson, duration: 1s}\n"
                       "tasks:\n  - {name: get, method: GET, path: /}\n");
  const std::string start_at = std::to_string(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count() + 2);
  auto seg = [&](const std::string& i) {
    return cli({"run", scn, "--segment", i + "/2", "--start-at", start_at, "--threads", "2", "--quiet", "--out",
                (dir.path / ("seg" + i)).string()});
  };
  auto s0 = seg("0");
  auto s1 = seg("1");  // the second starts late: --start-at was during the first
  REQUIRE(s0.code == exit_pass);
  REQUIRE(s1.code == exit_pass);
  CHECK(s0.err.find("waiting") != std::string::npos);
  CHECK(s1.err.find("late") != std::string::npos);

  const auto j0 = summary(dir.path / "seg0"), j1 = summary(dir.path / "seg1");
  REQUIRE(j0.contains("segment"));
  REQUIRE(j1.contains("segment"));
  CHECK(j0["segment"]["index"] == 0);
  CHECK(j1["segment"]["index"] == 1);
  CHECK(j0["segment"]["count"] == 2);
  CHECK(j0["segment"]["run_id"] == j1["segment"]["run_id"]);
  CHECK(j0["segment"]["scenario_hash"] == j1["segment"]["scenario_hash"]);
  CHECK(j0["segment"]["started_unix_ms"].get<std::int64_t>() == std::stoll(start_at) * 1000);
  CHECK(j1["segment"]["started_unix_ms"].get<std::int64_t>() > std::stoll(start_at) * 1000);
  CHECK(j0["settings"]["segment"] == "0/2");
  CHECK(j0["settings"]["start_late_s"] == "0.000");
  CHECK(std::stod(j1["settings"]["start_late_s"].get<std::string>()) > 0.5);

  // The one-process run with the same seed (the one the segments derived) sends exactly their sum.
  const auto seed = std::to_string(derive_run_seed(j0["segment"]["run_id"].get<std::string>()));
  auto whole = cli({"run", scn, "--set", "seed=" + seed, "--threads", "3", "--quiet", "--out", (dir.path / "whole").string()});
  REQUIRE(whole.code == exit_pass);
  const auto jw = summary(dir.path / "whole");
  CHECK_FALSE(jw.contains("segment"));
  const auto n0 = j0["totals"]["requests"].get<std::uint64_t>(), n1 = j1["totals"]["requests"].get<std::uint64_t>();
  CHECK(n0 > 100);
  CHECK(n1 > 100);
  CHECK(n0 + n1 == jw["totals"]["requests"].get<std::uint64_t>());
}

TEST_CASE("segment run: a closed-model segment without users runs nothing and still writes its directory",
          "[cli][segment]") {
  ragbench::loadgen::test::test_http_server server;
  temp_dir dir;
  const std::string scn = dir.write(
      "closed.yaml", "name: closed\ntarget: http://127.0.0.1:" + std::to_string(server.endpoint().port()) +
                         "\nload: {users: 2, spawn_rate: 100, duration: 300ms}\n"
                         "tasks:\n  - {name: get, method: GET, path: /}\n");
  auto r = cli({"run", scn, "--segment", "3/4", "--quiet", "--out", (dir.path / "seg3").string()});
  INFO(r.err);
  CHECK(r.code == exit_pass);  // nothing to judge: the merged run is judged
  REQUIRE(fs::exists(dir.path / "seg3" / "summary.json"));
  const auto j = summary(dir.path / "seg3");
  CHECK(j["totals"]["requests"] == 0);
  CHECK(j["segment"]["index"] == 3);
  CHECK(j["settings"]["segment"] == "3/4");
  CHECK(j["verdict"] == "pass");
  auto first = cli({"run", scn, "--segment", "0/4", "--quiet", "--out", (dir.path / "seg0").string()});
  CHECK(first.code == exit_pass);
  CHECK(summary(dir.path / "seg0")["totals"]["requests"].get<std::uint64_t>() > 0);
}
