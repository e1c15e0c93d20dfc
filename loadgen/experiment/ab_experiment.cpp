// The ab trial loop: start the side's server (if it has a command), run the trial, stop the server,
// write the run directory, collect the metrics; then judge and write ab.json / ab.md.
#include "loadgen/experiment/ab_experiment.hpp"

#include <cstdio>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "loadgen/experiment/ab_metric.hpp"
#include "loadgen/experiment/server_process.hpp"
#include "loadgen/report/file_writer.hpp"
#include "loadgen/report/run_dir.hpp"
#include "loadgen/scenario/scenario_loader.hpp"

namespace ragbench::loadgen {
namespace {

std::string printf_string(const char* fmt, auto... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}

ab_trial trial_of(std::size_t i, char side, const std::filesystem::path& dir, const run_result& run) {
  ab_trial t;
  t.index = i;
  t.pair = i / 2;
  t.side = side;
  t.dir = dir.string();
  t.requests = run.totals.requests;
  t.rps = run.totals.rps;
  t.p95_ms = static_cast<double>(run.stats.aggregate().latency.value_at_percentile(95)) / 1e6;
  t.verdict = run.verdict;
  t.generator_valid = run.generator_valid;
  return t;
}

void write_ab_files(const ab_report& report, const std::filesystem::path& out) {
  write_file(out / "ab.json", to_json(report).dump(2) + "\n");
  write_file(out / "ab.md", render_ab_markdown(report));
}

}  // namespace

ab_outcome run_ab_experiment(const ab_plan& plan, const scenario& s, const std::vector<kpi>& kpis,
                             const trial_runner& run_trial, const std::function<void(const std::string&)>& log,
                             const interrupt_watch* interrupts) {
  auto say = [&](const std::string& line) {
    if (log) log(line);
  };
  auto interrupted = [&] { return interrupts != nullptr && interrupts->interrupted(); };
  std::filesystem::create_directories(plan.out);

  ab_outcome outcome;
  ab_report& report = outcome.report;
  report.scenario = s.name;
  report.a_label = plan.a.label();
  report.b_label = plan.b.label();
  report.trials_per_side = plan.trials;
  report.warmup_s = std::chrono::duration<double>(plan.warmup).count();
  report.seed = plan.seed;
  report.settings = plan.settings;
  report.order = trial_order(plan.trials, plan.seed);
  const auto metrics = ab_metrics_for(kpis);
  std::vector<std::vector<double>> values_a(metrics.size()), values_b(metrics.size());

  say(printf_string("loadgen ab: %s, %zu trials per side, order %s, %s per trial", s.name.c_str(), plan.trials,
             report.order.c_str(), describe_load(s.load).c_str()));
  for (std::size_t i = 0; i < report.order.size() && !interrupted(); ++i) {
    const char side = report.order[i];
    const ab_side& spec = side == 'A' ? plan.a : plan.b;
    const auto dir = plan.out / printf_string("trial-%02zu-%c", i + 1, side);
    std::unique_ptr<server_process> server;
    std::string url = spec.url;
    if (!spec.command.empty()) {
      try {
        server = std::make_unique<server_process>(spec.command, dir, std::map<std::string, std::string>{},
                                                  plan.ready_timeout, interrupted);
      } catch (const server_start_error& e) {
        if (interrupted()) break;
        outcome.failure = printf_string("trial %zu (%c) failed to start: %s", i + 1, side, e.what());
        return outcome;
      }
      url = server->url();
    }
    scenario trial = s;
    try {
      apply_override(trial, "target=" + url);
    } catch (const std::exception& e) {
      outcome.failure = printf_string("side %c: bad target '%s': %s", side, url.c_str(), e.what());
      return outcome;
    }
    execution x = run_trial(trial, kpis);
    if (server) server->stop();
    write_run_dir(x.run, dir);
    if (x.run.interrupted) break;  // a trial cut short measures nothing comparable
    if (x.outcome.target_unreachable) {
      outcome.failure = printf_string("trial %zu (%c) failed: %s", i + 1, side, x.outcome.failure_reason.c_str());
      return outcome;
    }
    const ab_trial t = trial_of(i, side, dir, x.run);
    report.trials.push_back(t);
    for (std::size_t m = 0; m < metrics.size(); ++m)
      (side == 'A' ? values_a : values_b)[m].push_back(measure(metrics[m], x.run));
    say(printf_string("  trial %2zu/%zu %c: %llu requests, %.1f/s, p95 %.2f ms, KPIs %s%s", i + 1, report.order.size(), side,
               static_cast<unsigned long long>(t.requests), t.rps, t.p95_ms, t.verdict.c_str(),
               t.generator_valid ? "" : " (generator-limited)"));
  }

  if (interrupted()) {
    outcome.interrupted = true;
    report.verdict = "interrupted";
    report.interrupted = "interrupted by " + interrupts->signal_name() + " at " + interrupts->at() + " after " +
                         std::to_string(report.trials.size()) + " of " + std::to_string(report.order.size()) +
                         " trials; no comparison";
    write_ab_files(report, plan.out);
    return outcome;
  }
  for (std::size_t m = 0; m < metrics.size(); ++m)
    report.metrics.push_back(compare_metric(metrics[m], values_a[m], values_b[m], plan.settings));
  report.verdict = overall_verdict(report.metrics);
  write_ab_files(report, plan.out);
  return outcome;
}

}  // namespace ragbench::loadgen
