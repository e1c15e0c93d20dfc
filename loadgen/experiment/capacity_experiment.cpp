// The capacity searches (one per server thread count), each step run, written and measured; the
// USL points read back from earlier results, and the fit.
#include "loadgen/experiment/capacity_experiment.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "common/units.hpp"
#include "loadgen/experiment/capacity_step.hpp"
#include "loadgen/experiment/server_process.hpp"
#include "loadgen/report/run_dir.hpp"
#include "loadgen/scenario/scenario_loader.hpp"

namespace ragbench::loadgen {
namespace {

std::string step_line(const capacity_step& st) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "  %s%8g/s: achieved %.0f/s, p50 %.2f ms, p99 %.2f ms: %s%s%s",
                st.bisection ? "bisect " : "", st.rate, st.m.achieved_rps, st.m.p50_ms, st.m.p99_ms,
                to_string(st.status).c_str(), st.reason.empty() ? "" : " - ", st.reason.c_str());
  return buf;
}

unsigned thread_count(const std::string& v) {
  unsigned n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc{} || p != v.data() + v.size() || n < 1 || n > 1024)
    throw std::invalid_argument("--usl-from must be an integer from 1 to 1024, got '" + v + "'");
  return n;
}

}  // namespace

std::string describe_capacity_plan(const capacity_setup& setup) {
  const auto& plan = setup.plan;
  const std::size_t steps = step_rates(plan).size() + plan.bisect;
  const std::size_t searches = std::max<std::size_t>(1, setup.threads_list.size());
  const double step_s = std::chrono::duration<double>(setup.step_duration + setup.warmup).count();
  const double total_s = step_s * static_cast<double>(steps * searches);
  char rates[160], length[48];
  if (plan.factor > 1) {
    std::snprintf(rates, sizeof rates, "from %g/s, x%g each, up to %g/s", plan.start_rate, plan.factor, plan.max_rate);
  } else {
    std::snprintf(rates, sizeof rates, "from %g/s, +%g/s each, up to %g/s", plan.start_rate, plan.step, plan.max_rate);
  }
  if (total_s >= 3600) std::snprintf(length, sizeof length, "%.1f h", total_s / 3600);
  else if (total_s >= 60) std::snprintf(length, sizeof length, "%.1f min", total_s / 60);
  else std::snprintf(length, sizeof length, "%.0f s", total_s);
  std::string out = "capacity plan: " + format_duration(setup.step_duration) + " steps" +
                    (setup.warmup.count() > 0 ? " (+ " + format_duration(setup.warmup) + " warm-up each)" : "") + " " +
                    rates + ": at most " + std::to_string(steps) + (steps == 1 ? " step" : " steps") +
                    (searches > 1 ? " for each of " + std::to_string(searches) + " thread counts" : "") + ", at most " +
                    length + " (the search stops at the first step that fails or saturates)";
  return out;
}

capacity_report capacity_report_for(const capacity_setup& setup) {
  capacity_report report;
  report.plan = setup.plan;
  report.step_duration_s = std::chrono::duration<double>(setup.step_duration).count();
  report.warmup_s = std::chrono::duration<double>(setup.warmup).count();
  return report;
}

capacity_outcome run_capacity_experiment(const capacity_setup& setup, const scenario& s, const std::vector<kpi>& kpis,
                                         const trial_runner& run_step,
                                         const std::function<void(const std::string&)>& log,
                                         const interrupt_watch* interrupts) {
  auto say = [&](const std::string& line) {
    if (log) log(line);
  };
  auto interrupted = [&] { return interrupts != nullptr && interrupts->interrupted(); };
  capacity_outcome outcome;
  capacity_report& report = outcome.report;
  report = capacity_report_for(setup);
  report.scenario = s.name;
  const auto step_kpis = capacity_kpis(kpis);
  std::vector<std::optional<unsigned>> thread_counts;
  for (unsigned t : setup.threads_list) thread_counts.emplace_back(t);
  if (thread_counts.empty()) thread_counts.emplace_back(std::nullopt);

  for (const auto& threads : thread_counts) {
    const auto run_dir = threads ? setup.out / ("threads-" + std::to_string(*threads)) : setup.out;
    std::unique_ptr<server_process> server;
    capacity_run run;
    run.threads = threads;
    run.target = s.target.text;
    if (setup.server) {
      std::map<std::string, std::string> vars;
      if (threads) vars["threads"] = std::to_string(*threads);
      try {
        server = std::make_unique<server_process>(*setup.server, run_dir / "server", vars, setup.ready_timeout,
                                                  interrupted);
      } catch (const server_start_error& e) {
        if (interrupted()) break;
        outcome.failure = std::string("server failed to start: ") + e.what();
        return outcome;
      }
      run.target = server->url();
    }
    scenario base = s;
    apply_override(base, "target=" + run.target);
    if (threads) say("loadgen capacity: " + std::to_string(*threads) + " server threads");
    auto runner = [&](double rate, std::size_t index) {
      const scenario step = step_scenario(base, rate, setup.step_duration, setup.warmup);
      execution x = run_step(step, step_kpis);
      char name[64];
      std::snprintf(name, sizeof name, "step-%02zu-%g", index + 1, rate);
      const auto dir = run_dir / "steps" / name;
      write_run_dir(x.run, dir);
      step_measurement m = measure_step(x.run, x.outcome, step, rate);
      m.dir = dir.string();
      if (x.run.interrupted) m.interrupted = x.run.verdict_reason;
      return m;
    };
    run.result = search_capacity(setup.plan, runner, [&](const capacity_step& st) { say(step_line(st)); });
    if (server) server->stop();
    if (threads) report.usl_points.push_back({static_cast<double>(*threads), run.result.peak_throughput});
    report.runs.push_back(std::move(run));
    if (interrupted()) break;
  }
  if (interrupted())
    report.interrupted = "interrupted by " + interrupts->signal_name() + " at " + interrupts->at() +
                         "; the steps before it are complete, the search is not";
  return outcome;
}

std::vector<usl_point> usl_points_from_dirs(const std::vector<std::string>& items) {
  std::vector<usl_point> pts;
  for (const auto& item : items) {
    std::optional<unsigned> forced;
    std::string dir = item;
    if (auto eq = item.find('='); eq != std::string::npos) {
      forced = thread_count(item.substr(0, eq));
      dir = item.substr(eq + 1);
    }
    std::ifstream in(std::filesystem::path(dir) / "capacity.json");
    if (!in && std::filesystem::exists(std::filesystem::path(dir) / "histograms.json")) {
      // A run directory (loadgen run, or loadgen merge of segments): its throughput at N threads.
      if (!forced)
        throw std::invalid_argument("--usl-from: " + dir + " is a run directory; say its server thread count as N=" + dir);
      pts.push_back({static_cast<double>(*forced), read_run_dir(dir).totals.rps});
      continue;
    }
    if (!in) throw std::invalid_argument("--usl-from: no capacity.json in '" + dir + "'");
    nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.contains("runs") || !j["runs"].is_array())
      throw std::invalid_argument("--usl-from: " + dir + "/capacity.json is not a capacity result");
    for (const auto& run : j["runs"]) {
      const double peak = run.value("peak_throughput", 0.0);
      if (forced) {
        pts.push_back({static_cast<double>(*forced), peak});
        break;
      }
      if (!run.contains("threads") || !run["threads"].is_number())
        throw std::invalid_argument("--usl-from: " + dir + " has no server thread count; write it as N=" + dir);
      pts.push_back({run["threads"].get<double>(), peak});
    }
  }
  return pts;
}

void fit_capacity_usl(capacity_report& report, bool required) {
  try {
    report.usl = fit_usl(report.usl_points);
    for (const auto& run : report.runs)
      if (run.threads && !run.result.first_failing_rate)
        report.usl->note += (report.usl->note.empty() ? "" : "; ") + std::to_string(*run.threads) +
                            " threads: no step failed, so its peak throughput is only a lower bound";
  } catch (const std::invalid_argument& e) {
    if (required) throw;
    report.usl_error = e.what();
  }
}

}  // namespace ragbench::loadgen
