// loadgen merge through the CLI: segment directories on disk, the exit codes, the refusal messages,
// --allow-partial, a directory of run directories, and the merged directory read by report and compare.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "loadgen/report/run_dir.hpp"
#include "support/temp_dir.hpp"
#include "unit/loadgen_cli/cli_capture.hpp"
#include "unit/loadgen_merge/synthetic_segments.hpp"

using namespace ragbench::loadgen;
using namespace ragbench::loadgen::testing;
namespace fs = std::filesystem;

namespace {

std::string file_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Writes the segments to DIR/seg-I and returns their paths.
std::vector<std::string> write_segments(const fs::path& dir, const std::vector<run_result>& segments) {
  std::vector<std::string> out;
  for (const auto& s : segments) {
    out.push_back((dir / ("seg-" + std::to_string(s.segment->index))).string());
    write_run_dir(s, out.back());
  }
  return out;
}

}  // namespace

TEST_CASE("loadgen merge writes the merged run directory and exits like run", "[merge][cli]") {
  ragbench::testing::temp_dir tmp;
  const auto t = synthetic(4, 6, 40, {{"all", "rps >= 30"}});
  const auto dirs = write_segments(tmp.path() / "segments", t.segments);
  const std::string out = (tmp.path() / "merged").string();
  auto c = cli({"merge", dirs[2], dirs[0], dirs[3], dirs[1], "--out", out});
  INFO(c.err);
  CHECK(c.code == 0);
  CHECK_THAT(c.err, Catch::Contains("loadgen: merged 4 of 4 segments of run run-7 (synthetic)"));
  CHECK_THAT(c.err, Catch::Contains("verdict pass"));
  CHECK_THAT(c.out, Catch::Contains("Merged from segments 0, 1, 2, 3 of 4"));
  for (const char* f : {"summary.json", "report.md", "report.html", "stats.csv", "failures.csv", "junit.xml", "histograms.json"})
    CHECK(fs::exists(fs::path(out) / f));
  const auto summary = nlohmann::json::parse(file_text(fs::path(out) / "summary.json"));
  CHECK(summary["totals"]["requests"] == 240);
  CHECK(summary["segment"]["merged_from"] == nlohmann::json::array({0, 1, 2, 3}));
  CHECK(summary["settings"]["segments"] == "merged 4 of 4");
  CHECK(summary["verdict"] == "pass");

  // The same segments named by their parent directory, in another order: byte-identical results.
  const std::string again = (tmp.path() / "again").string();
  CHECK(cli({"merge", (tmp.path() / "segments").string(), "--out=" + again, "--quiet"}).code == 0);
  CHECK(file_text(fs::path(again) / "summary.json") == file_text(fs::path(out) / "summary.json"));
  CHECK(file_text(fs::path(again) / "histograms.json") == file_text(fs::path(out) / "histograms.json"));

  // report and compare take the merged directory like any run.
  auto report = cli({"report", out, "--format", "json"});
  CHECK(report.code == 0);
  CHECK(nlohmann::json::parse(report.out)["totals"]["requests"] == 240);
  auto compare = cli({"compare", again, out});
  INFO(compare.out << compare.err);
  CHECK(compare.code == 0);
}

TEST_CASE("loadgen merge: a failed KPI exits 1, an interrupted segment exits 1", "[merge][cli]") {
  ragbench::testing::temp_dir tmp;
  auto t = synthetic(2, 6, 40, {{"all", "failures < 13"}});
  auto c = cli({"merge", "--out", (tmp.path() / "m").string(), "--quiet"});
  CHECK(c.code == 2);  // no directories
  const auto dirs = write_segments(tmp.path() / "s", t.segments);
  c = cli({"merge", dirs[0], dirs[1], "--out", (tmp.path() / "m").string(), "--quiet"});
  CHECK(c.code == 1);
  CHECK_THAT(c.err, Catch::Contains("verdict fail: KPI failed: all: failures < 13"));

  auto u = synthetic(2);
  mark_interrupted(u.segments[1], run_interruption{"SIGINT", "2025-10-09T08:53:22Z", 2.0, 6.0});
  const auto udirs = write_segments(tmp.path() / "u", u.segments);
  c = cli({"merge", udirs[0], udirs[1], "--out", (tmp.path() / "mu").string(), "--quiet"});
  CHECK(c.code == 1);
  CHECK_THAT(c.err, Catch::Contains("verdict interrupted"));
}

TEST_CASE("loadgen merge refuses inputs that do not belong together with exit 2", "[merge][cli]") {
  ragbench::testing::temp_dir tmp;
  auto t = synthetic(3);
  t.segments[2].segment->run_id = "other";
  const auto dirs = write_segments(tmp.path(), t.segments);
  const std::string out = (tmp.path() / "m").string();
  auto c = cli({"merge", dirs[0], dirs[1], dirs[2], "--out", out});
  CHECK(c.code == 2);
  CHECK(c.err == "loadgen: merge: " + dirs[0] + " and " + dirs[2] +
                     " are not segments of the same test: run_id 'run-7' vs 'other'\n");
  CHECK_FALSE(fs::exists(out));

  c = cli({"merge", dirs[0], dirs[0], "--out", out});
  CHECK(c.code == 2);
  CHECK_THAT(c.err, Catch::Contains("segment 0 of 3 comes twice: " + dirs[0] + " and " + dirs[0]));

  c = cli({"merge", dirs[0], (tmp.path() / "nowhere").string(), "--out", out});
  CHECK(c.code == 2);
  CHECK_THAT(c.err, Catch::Contains("nowhere: not a directory"));

  c = cli({"merge", dirs[0], dirs[1], "--out", dirs[1]});
  CHECK(c.code == 2);
  CHECK_THAT(c.err, Catch::Contains("is one of the inputs"));
}

TEST_CASE("loadgen merge --allow-partial says what share of the load the result covers", "[merge][cli]") {
  ragbench::testing::temp_dir tmp;
  const auto t = synthetic(4, 6, 40, {{"all", "p99 < 1s"}});
  const auto dirs = write_segments(tmp.path(), t.segments);
  const std::string out = (tmp.path() / "m").string();
  auto c = cli({"merge", dirs[0], dirs[1], dirs[3], "--out", out});
  CHECK(c.code == 2);
  CHECK_THAT(c.err, Catch::Contains("segment 2 of 4 of run run-7 is missing"));
  c = cli({"merge", dirs[0], dirs[1], dirs[3], "--out", out, "--allow-partial"});
  CHECK(c.code == 0);
  CHECK_THAT(c.err, Catch::Contains("loadgen: merged 3 of 4 segments of run run-7 (synthetic)\n"));
  CHECK_THAT(c.err, Catch::Contains("partial merge: the result covers 75% of the load (3 of 4 segments)"));
  CHECK_THAT(file_text(fs::path(out) / "report.md"), Catch::Contains("cover 75.0% of the load"));
  const auto summary = nlohmann::json::parse(file_text(fs::path(out) / "summary.json"));
  CHECK(summary["settings"]["segments"] == "merged 3 of 4 (partial: 75% of the load; missing segment 2)");
}

TEST_CASE("loadgen merge --help and the general help name the command", "[merge][cli]") {
  auto c = cli({"merge", "--help"});
  CHECK(c.code == 0);
  CHECK_THAT(c.out, Catch::Contains("usage: loadgen merge DIR... [--out DIR] [--allow-partial]"));
  CHECK(cli({"help", "merge"}).out == c.out);
  CHECK_THAT(cli({"--help"}).out, Catch::Contains("merge DIR... --out DIR"));
  c = cli({"merge", "a", "--frobnicate"});
  CHECK(c.code == 2);
}

TEST_CASE("loadgen capacity --usl-from N=DIR takes merged run directories", "[merge][cli]") {
  ragbench::testing::temp_dir tmp;
  std::vector<std::string> usl_from = {"capacity", "--usl-from"};
  for (auto [n, rate] : {std::pair{1, 40}, {2, 76}, {4, 136}, {8, 208}}) {
    const auto t = synthetic(n, 5, rate, {{"all", "p99 < 1s"}});
    const auto dirs = write_segments(tmp.path() / ("n" + std::to_string(n)), t.segments);
    const std::string out = (tmp.path() / ("merged-" + std::to_string(n))).string();
    std::vector<std::string> args = {"merge", "--quiet", "--out", out};
    args.insert(args.end(), dirs.begin(), dirs.end());
    REQUIRE(cli(args).code == 0);
    usl_from.push_back(std::to_string(n) + "=" + out);
  }
  usl_from.insert(usl_from.end(), {"--out", (tmp.path() / "usl").string()});
  auto c = cli(usl_from);
  INFO(c.out << c.err);
  CHECK(c.code == 0);
  CHECK_THAT(c.out, Catch::Contains("USL fit over 4 points"));
  const auto j = nlohmann::json::parse(file_text(tmp.path() / "usl" / "capacity.json"));
  CHECK(j["usl"]["lambda"].get<double>() > 30);
  // Without N the run directory is refused: it has no server thread count.
  c = cli({"capacity", "--usl-from", (tmp.path() / "merged-2").string()});
  CHECK(c.code == 2);
  CHECK_THAT(c.err, Catch::Contains("is a run directory; say its server thread count as N="));
}

TEST_CASE("loadgen merge: a generator-limited segment warns, and fails only with --strict", "[merge][cli]") {
  ragbench::testing::temp_dir tmp;
  auto t = synthetic(2, 6, 40, {{"all", "p99 < 1s"}});
  t.segments[1].generator_valid = false;
  t.segments[1].generator_reason = "4% of scheduled starts dropped";
  const auto dirs = write_segments(tmp.path(), t.segments);
  auto c = cli({"merge", dirs[0], dirs[1], "--out", (tmp.path() / "m").string(), "-q"});
  CHECK(c.code == 0);
  CHECK_THAT(c.err, Catch::Contains("warning: generator-limited: segment 1: 4% of scheduled starts dropped"));
  CHECK(cli({"merge", dirs[0], dirs[1], "--out", (tmp.path() / "s").string(), "-q", "--strict"}).code == 1);
}
