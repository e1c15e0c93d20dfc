// loadgen merge on real run directories: two real loadgen runs against a real ragserver, made into
// segments 0 and 1 of one test by writing their segment objects (until `loadgen run --segment` exists
// on this branch; the end-to-end test with real segments comes with it), merged by the real binary,
// and the merged directory read by `report` and `compare`.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "integration/support/cli_tool.hpp"
#include "integration/support/ragserver_process.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::testing;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

json read_json(const fs::path& p) {
  std::ifstream in(p);
  REQUIRE(in.good());
  return json::parse(in);
}

void write_json(const fs::path& p, const json& j) {
  std::ofstream out(p);
  out << j.dump() << "\n";
  REQUIRE(out.good());
}

// Marks the run directory as segment `index` of 2 of the test "itest", started at `started_ms`.
void make_segment(const fs::path& dir, int index, std::int64_t started_ms) {
  const json seg = {{"index", index}, {"count", 2}, {"run_id", "itest"}, {"scenario_hash", "sha256:itest"},
                    {"started_unix_ms", started_ms}};
  for (const char* file : {"histograms.json", "summary.json"}) {
    json j = read_json(dir / file);
    j["segment"] = seg;
    write_json(dir / file, j);
  }
}

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

TEST_CASE("loadgen merge combines two real runs against ragserver, and report and compare read the result",
          "[integration][loadgen][merge]") {
  temp_dir dir;
  ragserver_process server(dir.str());
  const std::string loadgen = build_dir() + "/bin/loadgen";
  std::vector<std::int64_t> starts;
  for (int i = 0; i < 2; ++i) {
    starts.push_back(now_ms());
    const auto r = run_tool(dir, {loadgen, "run", server.url() + "/health", "--rate", "50/s", "-d", "2s", "--threads",
                                  "1", "--kpi", "p99 < 5s", "--quiet", "--out", dir.str() + "/seg-" + std::to_string(i)});
    INFO(r.err);
    REQUIRE(r.status == 0);
    make_segment(dir.path() / ("seg-" + std::to_string(i)), i, starts.back());
  }
  const auto a = read_json(dir.path() / "seg-0" / "summary.json");
  const auto b = read_json(dir.path() / "seg-1" / "summary.json");
  const auto requests = a["totals"]["requests"].get<long>() + b["totals"]["requests"].get<long>();
  CHECK(requests >= 180);  // 2 x 2 s x 50/s

  // The same segment twice is refused, naming it.
  auto refused = run_tool(dir, {loadgen, "merge", dir.str() + "/seg-0", dir.str() + "/seg-1", dir.str() + "/seg-1",
                                "--out", dir.str() + "/never"});
  CHECK(refused.status == 2);
  CHECK_THAT(refused.err, Catch::Contains("segment 1 of 2 comes twice"));

  const std::string merged = dir.str() + "/merged";
  auto m = run_tool(dir, {loadgen, "merge", dir.str() + "/seg-1", dir.str() + "/seg-0", "--out", merged});
  INFO(m.out << m.err);
  REQUIRE(m.status == 0);
  CHECK_THAT(m.err, Catch::Contains("merged 2 of 2 segments of run itest"));
  const auto s = read_json(fs::path(merged) / "summary.json");
  CHECK(s["totals"]["requests"].get<long>() == requests);
  CHECK(s["segment"]["merged_from"] == json::array({0, 1}));
  CHECK(s["segment"]["started_unix_ms"] == starts[0]);
  // The second run started a few seconds after the first: the merged run spans both.
  CHECK(s["duration_s"].get<double>() >= (starts[1] - starts[0]) / 1000.0 + 1.5);
  CHECK(s["kpis"][0]["expr"] == "all: p99 < 5s");
  CHECK(s["verdict"] == "pass");

  auto report = run_tool(dir, {loadgen, "report", merged, "--format", "md"});
  CHECK(report.status == 0);
  CHECK_THAT(report.out, Catch::Contains("Merged from segments 0, 1 of 2 of run `itest`"));
  auto compare = run_tool(dir, {loadgen, "compare", dir.str() + "/seg-0", merged, "--out", dir.str() + "/cmp"});
  INFO(compare.out << compare.err);
  CHECK((compare.status == 0 || compare.status == 1));  // a verdict, not an input error
  CHECK(fs::exists(fs::path(dir.str()) / "cmp" / "compare.json"));
}
