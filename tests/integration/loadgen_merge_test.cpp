// loadgen merge on real segments: `loadgen run --segment I/2 --start-at T` twice at once against a real
// ragserver, merged by the real binary (in either order: byte-identical), and the merged directory read
// by `report` and `compare`; the merged request count is the sum of the segments'.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

#include "integration/support/cli_tool.hpp"
#include "integration/support/json_file.hpp"
#include "integration/support/ragserver_process.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::testing;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

TEST_CASE("loadgen merge combines two real segments against ragserver, and report and compare read the result",
          "[integration][loadgen][merge]") {
  temp_dir dir;
  ragserver_process server(dir.str(), {"--threads", "1"});
  const std::string scenario = dir.str() + "/constant.yaml";
  {
    std::ofstream s(scenario);
    s << "name: constant\n"
         "target: " << server.url() << "\n"
         "load: {arrival_rate: 100/s, duration: 2s}\n"
         "kpis:\n"
         "  - all: p99 < 5s\n"
         "tasks:\n"
         "  - {name: health, method: GET, path: /health}\n";
  }
  const std::string loadgen = build_dir() + "/bin/loadgen";
  const std::int64_t start_s = now_ms() / 1000 + 2;
  auto segment = [&](int i) {
    return std::make_unique<child_process>(
        std::vector<std::string>{loadgen, "run", scenario, "--segment", std::to_string(i) + "/2", "--start-at",
                                 std::to_string(start_s), "--threads", "1", "--quiet", "--out",
                                 dir.str() + "/seg-" + std::to_string(i)},
        dir.str() + "/seg-" + std::to_string(i));
  };
  auto s0 = segment(0);
  auto s1 = segment(1);
  const auto c0 = s0->wait(std::chrono::seconds(60)), c1 = s1->wait(std::chrono::seconds(60));
  INFO(s0->stderr_text() << s1->stderr_text());
  REQUIRE(c0 == 0);
  REQUIRE(c1 == 0);
  const auto a = read_json(dir.path() / "seg-0" / "summary.json");
  const auto b = read_json(dir.path() / "seg-1" / "summary.json");
  const auto requests = a["totals"]["requests"].get<long>() + b["totals"]["requests"].get<long>();
  CHECK(requests >= 195);  // 100/s for 2 s, split between the segments
  CHECK(requests <= 205);

  // The same segment twice is refused, naming it.
  auto refused = run_tool(dir, {loadgen, "merge", dir.str() + "/seg-0", dir.str() + "/seg-1", dir.str() + "/seg-1",
                                "--out", dir.str() + "/never"});
  CHECK(refused.status == 2);
  CHECK_THAT(refused.err, Catch::Contains("segment 1 of 2 comes twice"));
  CHECK_FALSE(fs::exists(dir.path() / "never"));
  // So is one segment alone, unless --allow-partial.
  auto alone = run_tool(dir, {loadgen, "merge", dir.str() + "/seg-1", "--out", dir.str() + "/never"});
  CHECK(alone.status == 2);
  CHECK_THAT(alone.err, Catch::Contains("segment 0 of 2 of run " + a["segment"]["run_id"].get<std::string>() + " is missing"));

  const std::string merged = dir.str() + "/merged";
  auto m = run_tool(dir, {loadgen, "merge", dir.str() + "/seg-1", dir.str() + "/seg-0", "--out", merged});
  INFO(m.out << m.err);
  REQUIRE(m.status == 0);
  CHECK_THAT(m.err, Catch::Contains("merged 2 of 2 segments of run " + a["segment"]["run_id"].get<std::string>()));
  const auto s = read_json(fs::path(merged) / "summary.json");
  CHECK(s["totals"]["requests"].get<long>() == requests);
  CHECK(s["segment"]["merged_from"] == json::array({0, 1}));
  CHECK(s["segment"]["started_unix_ms"] == start_s * 1000);
  CHECK(s["settings"]["segments"] == "merged 2 of 2");
  CHECK(s["kpis"][0]["expr"] == "all: p99 < 5s");
  CHECK(s["verdict"] == "pass");
  auto again = run_tool(dir, {loadgen, "merge", dir.str() + "/seg-0", dir.str() + "/seg-1", "--out", dir.str() + "/again", "-q"});
  REQUIRE(again.status == 0);
  std::ifstream x(fs::path(merged) / "summary.json"), y(dir.path() / "again" / "summary.json");
  CHECK(std::string(std::istreambuf_iterator<char>(x), {}) == std::string(std::istreambuf_iterator<char>(y), {}));

  auto report = run_tool(dir, {loadgen, "report", merged, "--format", "md"});
  CHECK(report.status == 0);
  CHECK_THAT(report.out, Catch::Contains("Merged from segments 0, 1 of 2 of run"));
  auto compare = run_tool(dir, {loadgen, "compare", dir.str() + "/seg-0", merged, "--out", dir.str() + "/cmp"});
  INFO(compare.out << compare.err);
  CHECK((compare.status == 0 || compare.status == 1));  // a verdict, not an input error
  CHECK(fs::exists(dir.path() / "cmp" / "compare.json"));
}
