// `loadgen compare` arguments and inputs: run directories, summary.json fallback, directories of runs,
// and clear errors (exit 2 in the command) for bad arguments and missing or garbled files.
#include <cstdio>
#include <fstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "loadgen/compare/compare_cli.hpp"
#include "loadgen/compare/comparison.hpp"
#include "loadgen/report/run_dir.hpp"
#include "support/temp_dir.hpp"
#include "unit/loadgen_stats/sample_run.hpp"

namespace fs = std::filesystem;
using namespace ragbench::loadgen;
using Catch::Matchers::Contains;

namespace {

struct captured {
  int code = -1;
  std::string out, err;
};

std::string read_all(std::FILE* f) {
  std::rewind(f);
  std::string s;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) s.append(buf, n);
  std::fclose(f);
  return s;
}

captured run(const std::vector<std::string>& args) {
  captured c;
  std::FILE* out = std::tmpfile();
  std::FILE* err = std::tmpfile();
  c.code = run_compare(parse_compare_args(args), out, err);
  c.out = read_all(out);
  c.err = read_all(err);
  return c;
}

void write_text(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

}  // namespace

TEST_CASE("argument errors name the argument", "[compare][cli]") {
  using args = std::vector<std::string>;
  const auto [input, message] = GENERATE(table<args, std::string>({
      {args{}, "missing BASELINE"},
      {args{"a"}, "missing CANDIDATE"},
      {args{"a", "b", "c"}, "unexpected argument 'c'"},
      {args{"a", "b", "--bogus"}, "unknown option '--bogus'"},
      {args{"a", "b", "--tolerance", "p99"}, "expected METRIC=VALUE"},
      {args{"a", "b", "--tolerance", "p42=5%"}, "unknown metric 'p42'"},
      {args{"a", "b", "--tolerance", "p99=-5%"}, "non-negative"},
      {args{"a", "b", "--confidence", "1.5"}, "--confidence must be in (0.5, 1)"},
      {args{"a", "b", "--iterations", "ten"}, "--iterations 'ten' is not a number"},
      {args{"a", "b", "--iterations", "5"}, "--iterations must be between"},
      {args{"a", "b", "--min-abs-ms"}, "--min-abs-ms needs a value"},
      {args{"a", "b", "--latency", "wall"}, "expected total or service"},
  }));
  INFO("args: " << input.size());
  REQUIRE_THROWS_WITH(parse_compare_args(input), Contains(message));
}

TEST_CASE("options parse into compare_options", "[compare][cli]") {
  const auto r = parse_compare_args({"--baseline", "b1", "--baseline=b2", "c", "--tolerance", "p99=10%",
                                     "--tolerance", "latency=0.2", "--tolerance", "errors=0.5%", "--min-abs-ms", "1",
                                     "--confidence", "0.9", "--seed", "9", "--latency", "service", "--out", "o"});
  CHECK(r.baseline.size() == 2);
  REQUIRE(r.candidate.size() == 1);
  CHECK(r.candidate[0] == "c");
  CHECK(r.options.tolerance_of(compare_metric::p99) == Approx(0.2));  // latency=0.2 came later
  CHECK(r.options.tolerance_of(compare_metric::error_rate) == Approx(0.005));
  CHECK(r.options.tolerance_of(compare_metric::rps) == Approx(0.05));
  CHECK(r.options.min_abs_ms == 1);
  CHECK(r.options.confidence == 0.9);
  CHECK(r.options.seed == 9);
  CHECK(r.options.service_time);
  CHECK(r.out_dir == fs::path("o"));
  CHECK(parse_compare_args({"--help"}).help);
  CHECK_THAT(compare_usage_text(), Contains("--tolerance"));
}

TEST_CASE("A/A of a run directory against itself: all same, exit 0, files written", "[compare][cli]") {
  ragbench::testing::temp_dir dir;
  write_run_dir(testing::sample_run(), dir.path() / "run");
  const auto r = run({(dir.path() / "run").string(), (dir.path() / "run").string(), "--out", (dir.path() / "cmp").string()});
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Contains("no regression: 0 worse, 0 better, 18 same"));  // all, search, query x 6
  CHECK_THAT(r.out, Contains("bootstrap"));
  CHECK(fs::exists(dir.path() / "cmp" / "compare.md"));
  CHECK(fs::exists(dir.path() / "cmp" / "junit.xml"));
  const auto j = nlohmann::json::parse(std::ifstream(dir.path() / "cmp" / "compare.json"));
  CHECK(j["verdict"] == "pass");
}

TEST_CASE("a slower candidate is a regression: exit 1", "[compare][cli]") {
  ragbench::testing::temp_dir dir;
  auto slow = testing::sample_run();
  for (auto& e : slow.stats.endpoints) {  // every latency 30 % higher
    ragbench::hdr_histogram h;
    e.latency.for_each_bucket([&](const auto& b) { h.record(ragbench::hdr_histogram::midpoint_of(b.index) * 13 / 10, b.count); });
    e.latency = h;
  }
  write_run_dir(testing::sample_run(), dir.path() / "base");
  write_run_dir(slow, dir.path() / "cand");
  const auto r = run({(dir.path() / "base").string(), (dir.path() / "cand").string()});
  CHECK(r.code == 1);
  CHECK_THAT(r.out, Contains("REGRESSION"));
}

TEST_CASE("a run's sample has its whole seconds and summary figures", "[compare][cli]") {
  const auto s = sample_of(testing::sample_run(), "mem");
  REQUIRE(s.find("search") != nullptr);
  CHECK(s.find("search")->per_second == std::vector<double>(20, 100.0));
  CHECK(s.find("all")->requests == 2500);
  CHECK(s.find("query")->failures == 100);
  CHECK(s.find("search")->p50_ms > 0);
}

TEST_CASE("summary.json alone falls back to tolerance only and says so", "[compare][cli]") {
  ragbench::testing::temp_dir dir;
  write_run_dir(testing::sample_run(), dir.path() / "run");
  const auto r = run({(dir.path() / "run" / "summary.json").string(), (dir.path() / "run").string()});
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Contains("summary.json only (no histograms)"));
  CHECK_THAT(r.out, Contains("tolerance only"));
}

TEST_CASE("a directory of run directories is several runs of one side", "[compare][cli]") {
  ragbench::testing::temp_dir dir;
  for (const char* name : {"r1", "r2", "r3"}) write_run_dir(testing::sample_run(), dir.path() / "runs" / name);
  const auto runs = load_runs(dir.path() / "runs");
  CHECK(runs.size() == 3);
  CHECK(runs[0].source == (dir.path() / "runs" / "r1" / "histograms.json").string());
  const auto r = run({(dir.path() / "runs").string(), (dir.path() / "runs" / "r2").string()});
  CHECK_THAT(r.out, Contains("(3 runs)"));
  CHECK(r.code == 0);
}

TEST_CASE("missing and garbled inputs are clear errors naming the file", "[compare][cli]") {
  ragbench::testing::temp_dir dir;
  fs::create_directories(dir.path() / "empty");
  fs::create_directories(dir.path() / "garbled");
  write_text(dir.path() / "garbled" / "histograms.json", "{not json");
  write_text(dir.path() / "other.json", R"({"schema":"something/v9"})");
  write_text(dir.path() / "summary.json", R"({"schema":"ragbench.loadgen.summary/v1","duration_s":1})");
  const auto [name, message] = GENERATE(table<std::string, std::string>({
      {"nope", "nope: no such file or directory"},
      {"empty", "empty: not a loadgen run directory"},
      {"garbled", "histograms.json: not valid JSON"},
      {"other.json", "other.json: not a loadgen result"},
      {"summary.json", "summary.json: missing field 'aggregated'"},
  }));
  const auto path = dir.path() / name;
  REQUIRE_THROWS_AS(load_runs(path), compare_input_error);
  REQUIRE_THROWS_WITH(load_runs(path), Contains(message));
}
