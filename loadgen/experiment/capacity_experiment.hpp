#pragma once
// `loadgen capacity` as functions: the capacity search against one server (a target, or a command
// started for the search), or one search per server thread count (--threads-list), each step run
// through a trial runner and written as a run directory; and the USL fit over the peaks. The CLI
// parses, calls these and prints; tests give their own step runner.
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "loadgen/experiment/capacity_report.hpp"
#include "loadgen/experiment/interrupt_watch.hpp"
#include "loadgen/experiment/run_execution.hpp"
#include "loadgen/report/kpi.hpp"
#include "loadgen/scenario/scenario.hpp"

namespace ragbench::loadgen {

struct capacity_setup {
  capacity_plan plan;
  std::chrono::nanoseconds step_duration{std::chrono::seconds(10)};  // measured time per step
  std::chrono::nanoseconds warmup{0};                                // run first in every step, dropped
  std::optional<std::string> server;   // a command started for the search ({port}, {data_dir}, {threads})
  std::vector<unsigned> threads_list;  // with `server`: one search per server thread count
  std::chrono::milliseconds ready_timeout{30000};
  std::filesystem::path out;           // steps/ (threads-N/steps/ per thread count) go here
};

// One line saying what the search will do and how long it may take, printed before it starts:
// "capacity plan: 10s steps from 100/s, +100/s each, up to 100000/s: at most 1000 steps, at most 2.8 h
// (the search stops at the first step that fails or saturates)". Throws like step_rates for a plan that
// does not move.
std::string describe_capacity_plan(const capacity_setup& setup);

// An empty report of `setup`: plan, step duration and warm-up filled in.
capacity_report capacity_report_for(const capacity_setup& setup);

struct capacity_outcome {
  capacity_report report;  // scenario, runs (one per thread count), their USL points, interrupted
  std::string failure;     // the server did not start (exit 3): why; nothing is to be written then
};

// Runs the search(es) over the scenario `s` (its target is the server unless `setup.server` is set),
// judging each step by capacity_kpis(kpis); every step goes through run_step(step scenario, kpis) and
// its run directory is written. `log` (optional) gets one line per step; `interrupts` (optional) stops
// the search after the step a signal cut short and is recorded in report.interrupted. Blocks.
capacity_outcome run_capacity_experiment(const capacity_setup& setup, const scenario& s, const std::vector<kpi>& kpis,
                                         const trial_runner& run_step,
                                         const std::function<void(const std::string&)>& log = {},
                                         const interrupt_watch* interrupts = nullptr);

// USL points from capacity output directories: "DIR" (the peak of each of its runs that has a server
// thread count) or "N=DIR" (its first run's peak at N threads). Throws std::invalid_argument naming
// --usl-from and the directory.
std::vector<usl_point> usl_points_from_dirs(const std::vector<std::string>& items);

// Fits the USL to report.usl_points, noting thread counts whose search never failed (their peak is
// only a lower bound). When the fit is impossible: throws std::invalid_argument if `required` (the
// points were given), else records why in report.usl_error.
void fit_capacity_usl(capacity_report& report, bool required);

}  // namespace ragbench::loadgen
