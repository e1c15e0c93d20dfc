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
#include "unit/loadgen_report/sample_run.hpp"

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

// A steady run: 10 s of 200 requests/s on "search", latencies 1..3 ms times `scale`, no warm-up in it.
run_result steady_run(double scale) {
  using namespace std::chrono_literals;
  ragbench::fake_clock clock;
  stats_recorder rec(clock, clock.now());
  const auto search = rec.register_endpoint("search");
  for (int i = 0; i < 2000; ++i) {
    const auto lat = std::chrono::nanoseconds(static_cast<std::int64_t>((1e6 + (i * 37 % 100) * 2e4) * scale));
    rec.record_success(search, lat, lat, 200, 100, 1000);
    clock.advance(5ms);
  }
  run_result run;
  run.scenario = "steady";
  run.model = "open";
  run.duration_s = 10;
  run.settings = {{"load", "open: constant 200/s for 10s"}};
  run.stats = rec.snapshot();
  compute_totals(run);
  return run;
}

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
      {args{"a", "b", "--tolerance", "p95=10"}, "a bare number is a fraction (10 would be 1000%); write 10% or the fraction 0.1"},
      {args{"a", "b", "--tolerance", "latency=1.5"}, "write 1.5% or the fraction 0.015"},
      {args{"a", "b", "--gross-change", "0%"}, "--gross-change must be a positive percentage"},
      {args{"a", "b", "--allow-missing=yes"}, "--allow-missing takes no value"},
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
  const auto more = parse_compare_args({"a", "b", "--tolerance", "p95=1", "--tolerance", "p50=0.5%", "--noise-from", "n1",
                                        "--noise-from=n2", "--gross-change", "200%", "--allow-missing"});
  CHECK(more.options.tolerance_of(compare_metric::p95) == Approx(1.0));  // a bare number up to 1 is a fraction
  CHECK(more.options.tolerance_of(compare_metric::p50) == Approx(0.005));
  CHECK(more.noise_from == std::vector<fs::path>{"n1", "n2"});
  CHECK(more.options.gross_change == Approx(2.0));
  CHECK(more.options.allow_missing);
  CHECK_THAT(compare_usage_text(), Contains("--tolerance"));
}

TEST_CASE("A/A of a run directory against itself: all same, exit 0, files written", "[compare][cli]") {
  ragbench::testing::temp_dir dir;
  write_run_dir(testing::sample_run(), dir.path() / "run");
  const auto r = run({(dir.path() / "run").string(), (dir.path() / "run").string(), "--out", (dir.path() / "cmp").string()});
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Contains("no regression: 0 worse, 0 better, 18 same"));  // all, search, query x 6
  CHECK_THAT(r.out, Contains("time-block bootstrap"));
  CHECK(fs::exists(dir.path() / "cmp" / "compare.md"));
  CHECK(fs::exists(dir.path() / "cmp" / "junit.xml"));
  CHECK(fs::file_size(dir.path() / "cmp" / "compare.html") > 150000);  // Chart.js inline
  CHECK_THAT(r.err, Contains("compare.html"));
  const auto j = nlohmann::json::parse(std::ifstream(dir.path() / "cmp" / "compare.json"));
  CHECK(j["verdict"] == "pass");
}

TEST_CASE("a slower candidate: a regression over several runs, inconclusive from one run each", "[compare][cli]") {
  ragbench::testing::temp_dir dir;
  const double factors[] = {1.0, 1.02, 0.98};  // run-to-run noise
  for (int i = 0; i < 3; ++i) {
    write_run_dir(steady_run(factors[i]), dir.path() / "base" / ("run-" + std::to_string(i)));
    write_run_dir(steady_run(1.3 * factors[i]), dir.path() / "cand" / ("run-" + std::to_string(i)));
  }
  const auto many = run({(dir.path() / "base").string(), (dir.path() / "cand").string()});
  CHECK(many.code == 1);
  CHECK_THAT(many.out, Contains("REGRESSION"));
  CHECK_THAT(many.out, Contains("beyond the 5% tolerance and the run-to-run noise"));
  const auto one = run({(dir.path() / "base" / "run-0").string(), (dir.path() / "cand" / "run-0").string()});
  CHECK(one.code == 0);
  CHECK_THAT(one.out, Contains("no regression claimed") && Contains("inconclusive"));
  CHECK_THAT(one.out, Contains("runs per side would tell"));
  const auto borrowed = run({"--baseline", (dir.path() / "cand" / "run-1").string(), "--candidate",
                             (dir.path() / "cand" / "run-2").string(), "--noise-from", (dir.path() / "base").string()});
  CHECK(borrowed.code == 0);  // A/A-like: 1.3 x 1.02 vs 1.3 x 0.98 is within the spread of the base runs
}

TEST_CASE("a vanished endpoint fails the comparison unless --allow-missing", "[compare][cli]") {
  ragbench::testing::temp_dir dir;
  auto gone = testing::sample_run();
  gone.stats.endpoints.pop_back();  // the candidate's scenario has no "query" any more
  compute_totals(gone);
  write_run_dir(testing::sample_run(), dir.path() / "base");
  write_run_dir(gone, dir.path() / "cand");
  const auto r = run({(dir.path() / "base").string(), (dir.path() / "cand").string(), "--out", (dir.path() / "cmp").string()});
  CHECK(r.code == 1);
  CHECK_THAT(r.out, Contains("query: 500 requests in 1 baseline run, and the candidate's scenario has no such endpoint"));
  CHECK_THAT(r.out, Contains("REGRESSION: 0 worse, 1 missing endpoint (query)"));
  const auto j = nlohmann::json::parse(std::ifstream(dir.path() / "cmp" / "compare.json"));
  CHECK(j["verdict"] == "regression");
  CHECK(j["counts"]["missing"] == 6);
  const auto allowed = run({(dir.path() / "base").string(), (dir.path() / "cand").string(), "--allow-missing"});
  CHECK(allowed.code == 0);
  CHECK_THAT(allowed.out, Contains("missing") && Contains("allowed"));
}

TEST_CASE("a baseline from another machine is said before the table", "[compare][cli]") {
  ragbench::testing::temp_dir dir;
  auto base = testing::sample_run(), cand = testing::sample_run();
  base.machine = machine_fingerprint{"Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz", 8, "Linux 5.15.0 x86_64", 0.2};
  cand.machine = machine_fingerprint{"AMD EPYC 7B13", 2, "Linux 6.1.0 x86_64", 1.5};
  write_run_dir(base, dir.path() / "base");
  write_run_dir(cand, dir.path() / "cand");
  const auto r = run({(dir.path() / "base").string(), (dir.path() / "cand").string()});
  CHECK(r.out.rfind("WARNING: the baseline was measured on other hardware (Intel(R) Xeon(R) Platinum 8375C", 0) == 0);
  CHECK_THAT(r.out, Contains("than the candidate (AMD EPYC 7B13, 2 cores, Linux 6.1.0 x86_64)"));
}

TEST_CASE("a run's sample has its whole seconds and summary figures", "[compare][cli]") {
  const auto s = sample_of(testing::sample_run(), "mem");
  REQUIRE(s.find("search") != nullptr);
  CHECK(s.find("search")->per_second == std::vector<double>(20, 100.0));
  CHECK(s.find("all")->requests == 2500);
  CHECK(s.find("query")->failures == 100);
  CHECK(s.find("search")->p50_ms > 0);
  CHECK(s.find("search")->second_latency.size() == 20);  // per-second histograms for the time blocks
  CHECK(s.scenario == "knowledge-assistant");
  CHECK(s.model == "open");
  CHECK(sample_of(testing::sample_run(), "mem", true).find("search")->second_latency.empty());  // service time
}

TEST_CASE("summary.json alone falls back to tolerance only and says so", "[compare][cli]") {
  ragbench::testing::temp_dir dir;
  write_run_dir(testing::sample_run(), dir.path() / "run");
  const auto r = run({(dir.path() / "run" / "summary.json").string(), (dir.path() / "run").string()});
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Contains("summary.json only (no histograms)"));
  CHECK_THAT(r.out, Contains("spread between runs only"));
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
