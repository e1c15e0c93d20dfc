// run_ab_experiment and run_capacity_experiment without a server: sides and targets are URLs, and
// each trial or step is a made-up run from a modelled server (a trial_runner), so the orchestration
// (order, run directories, failures, verdicts, reports) is checked on its own.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "loadgen/experiment/ab_analysis.hpp"
#include "loadgen/experiment/ab_experiment.hpp"
#include "loadgen/experiment/capacity_experiment.hpp"
#include "loadgen/scenario/scenario_loader.hpp"
#include "loadgen/stats/stats_recorder.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::loadgen;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

scenario fake_scenario(const ragbench::testing::temp_dir& dir) {
  const auto path = dir.path() / "fake.yaml";
  std::ofstream(path) << "name: fake\ntarget: http://127.0.0.1:1\n"
                         "load: {users: 1, spawn_rate: 1, duration: 1s}\n"
                         "tasks:\n  - {name: get, method: GET, path: /}\n";
  return load_scenario(path.string());
}

// `per_second` requests of `latency` each second for `seconds`, KPIs evaluated, as execute_run returns it.
execution made_up_run(const scenario& s, const std::vector<kpi>& kpis, double per_second,
                      std::chrono::microseconds latency, int seconds) {
  ragbench::fake_clock clock;
  stats_recorder rec(clock, clock.now());
  const auto get = rec.register_endpoint("get");
  const int n = static_cast<int>(per_second) * seconds;
  for (int i = 0; i < n; ++i) {
    rec.record_success(get, latency, latency, 200, 100, 100);
    clock.advance(std::chrono::nanoseconds(static_cast<std::int64_t>(1e9 / per_second)));
  }
  execution x;
  x.run.scenario = s.name;
  x.run.duration_s = seconds;
  x.run.model = "open";
  x.run.target = s.target.text;
  x.run.stats = rec.snapshot();
  compute_totals(x.run);
  evaluate_kpis(x.run, kpis);
  x.outcome.scheduled = static_cast<std::uint64_t>(n);
  return x;
}

kpi kpi_of(const char* text) { return std::get<kpi>(parse_kpi(text, "all")); }

// Two running targets (nothing is started), results under dir/ab.
ab_plan url_plan(const ragbench::testing::temp_dir& dir, std::size_t trials) {
  ab_plan plan;
  plan.a.url = "http://127.0.0.1:1";
  plan.b.url = "http://127.0.0.1:2";
  plan.trials = trials;
  plan.out = dir.path() / "ab";
  return plan;
}

}  // namespace

TEST_CASE("ab experiment: seeded order, a run directory per trial, a slower B is worse", "[experiment][ab]") {
  ragbench::testing::temp_dir dir;
  const scenario s = fake_scenario(dir);
  ab_plan plan = url_plan(dir, 4);
  plan.seed = 7;
  std::vector<std::string> targets, lines;
  int call = 0;
  auto runner = [&](const scenario& trial, const std::vector<kpi>& kpis) {
    targets.push_back(trial.target.text);
    const bool b = trial.target.text.find(":2") != std::string::npos;
    const auto latency = std::chrono::microseconds((b ? 3000 : 2000) + 50 * (call++ % 3));
    return made_up_run(trial, kpis, 100, latency, 2);
  };
  const auto result = run_ab_experiment(plan, s, {kpi_of("p95 < 1s")}, runner,
                                        [&](const std::string& line) { lines.push_back(line); });
  CHECK(result.failure.empty());
  CHECK_FALSE(result.interrupted);
  const std::string order = trial_order(4, 7);
  REQUIRE(result.report.order == order);
  REQUIRE(result.report.trials.size() == 8);
  for (std::size_t i = 0; i < order.size(); ++i) {
    CHECK(result.report.trials[i].side == order[i]);
    CHECK(targets[i] == (order[i] == 'A' ? plan.a.url : plan.b.url));
    CHECK(fs::exists(fs::path(result.report.trials[i].dir) / "summary.json"));
  }
  CHECK(result.report.verdict == "worse");
  CHECK(lines.size() == 9);  // a header and one line per trial
  const auto j = nlohmann::json::parse(std::ifstream(plan.out / "ab.json"));
  CHECK(j["verdict"] == "worse");
  CHECK(fs::exists(plan.out / "ab.md"));
}

TEST_CASE("ab experiment: an unreachable target or a bad one fails it, naming the trial", "[experiment][ab]") {
  ragbench::testing::temp_dir dir;
  const scenario s = fake_scenario(dir);
  ab_plan plan = url_plan(dir, 2);
  auto unreachable = [&](const scenario& trial, const std::vector<kpi>& kpis) {
    execution x = made_up_run(trial, kpis, 10, std::chrono::microseconds(1000), 1);
    x.outcome.target_unreachable = true;
    x.outcome.failure_reason = "every connect was refused";
    return x;
  };
  auto r = run_ab_experiment(plan, s, {}, unreachable);
  CHECK_THAT(r.failure, Contains("trial 1 (") && Contains("failed: every connect was refused"));
  CHECK_FALSE(fs::exists(plan.out / "ab.json"));

  plan.b.url = "ftp://nowhere";
  auto fine = [&](const scenario& trial, const std::vector<kpi>& kpis) {
    return made_up_run(trial, kpis, 10, std::chrono::microseconds(1000), 1);
  };
  r = run_ab_experiment(plan, s, {}, fine);
  CHECK_THAT(r.failure, Contains("side B: bad target 'ftp://nowhere'"));
}

TEST_CASE("capacity experiment: steps written, the search stops where the modelled server saturates",
          "[experiment][capacity]") {
  ragbench::testing::temp_dir dir;
  const scenario s = fake_scenario(dir);
  capacity_setup setup;
  setup.plan.start_rate = 100;
  setup.plan.step = 100;
  setup.plan.max_rate = 1000;
  setup.step_duration = std::chrono::seconds(2);
  setup.out = dir.path() / "cap";
  std::vector<double> rates;
  std::vector<std::string> lines;
  auto runner = [&](const scenario& step, const std::vector<kpi>& kpis) {
    const double rate = std::get<open_load>(step.load.shape).rate_per_s;
    rates.push_back(rate);
    const bool over = rate > 350;  // the modelled server completes at most 350/s, slowly beyond
    return made_up_run(step, kpis, over ? 350 : rate, std::chrono::microseconds(over ? 400000 : 2000), 2);
  };
  const auto r = run_capacity_experiment(setup, s, {kpi_of("p99 < 50ms")}, runner,
                                         [&](const std::string& line) { lines.push_back(line); });
  CHECK(r.failure.empty());
  CHECK(rates == std::vector<double>{100, 200, 300, 400});
  REQUIRE(r.report.runs.size() == 1);
  const auto& result = r.report.runs[0].result;
  REQUIRE(result.max_passing_rate);
  CHECK(*result.max_passing_rate == Approx(300));
  CHECK(*result.first_failing_rate == Approx(400));
  CHECK(lines.size() == 4);
  for (const auto& step : result.steps) CHECK(fs::exists(fs::path(step.m.dir) / "histograms.json"));
  CHECK(r.report.scenario == "fake");
  CHECK(r.report.step_duration_s == Approx(2));
}

TEST_CASE("capacity: USL points from earlier results, and the fit when it is impossible", "[experiment][capacity]") {
  ragbench::testing::temp_dir dir;
  std::ofstream(dir.path() / "capacity.json")
      << R"({"runs": [{"threads": 1, "peak_throughput": 1000}, {"threads": 2, "peak_throughput": 1800}]})";
  auto pts = usl_points_from_dirs({dir.str()});
  REQUIRE(pts.size() == 2);
  CHECK(pts[1].n == 2);
  CHECK(pts[1].throughput == 1800);
  pts = usl_points_from_dirs({"4=" + dir.str()});
  REQUIRE(pts.size() == 1);
  CHECK(pts[0].n == 4);
  CHECK_THROWS_WITH(usl_points_from_dirs({(dir.path() / "none").string()}), Contains("no capacity.json"));
  CHECK_THROWS_WITH(usl_points_from_dirs({"x=" + dir.str()}), Contains("--usl-from must be an integer"));

  capacity_report report;
  report.usl_points = {{1, 1000}};
  CHECK_THROWS(fit_capacity_usl(report, true));
  fit_capacity_usl(report, false);
  CHECK_FALSE(report.usl_error.empty());
  CHECK_FALSE(report.usl);
}
