#pragma once
// `loadgen ab` as a function: interleaved trials of two sides (a server started from a command for
// every trial, or an already running URL), each trial run through a trial runner (the engine,
// in-process) and written as an ordinary run directory, then per-metric verdicts for B in ab.json and
// ab.md. The CLI parses, calls run_ab_experiment and prints; tests give their own trial runner.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "loadgen/experiment/ab_report.hpp"
#include "loadgen/experiment/interrupt_watch.hpp"
#include "loadgen/experiment/run_execution.hpp"
#include "loadgen/report/kpi.hpp"
#include "loadgen/scenario/scenario.hpp"

namespace ragbench::loadgen {

struct ab_side {
  std::string command;  // a server command line ({port}, {data_dir}; see server_process.hpp), or
  std::string url;      // an already running target (not restarted); exactly one of the two is set
  std::string label() const { return command.empty() ? url : command; }
};

struct ab_plan {
  ab_side a, b;
  std::size_t trials = 5;                          // per side
  std::uint64_t seed = 1;                          // of the trial order (trial_order)
  ab_settings settings;
  std::chrono::nanoseconds warmup{0};              // already applied to the scenario; recorded in the report
  std::chrono::milliseconds ready_timeout{30000};  // for a side started from a command
  std::filesystem::path out;                       // ab.json, ab.md and trial-NN-S/ go here (created)
};

struct ab_outcome {
  ab_report report;          // written to plan.out as ab.json and ab.md, unless `failure` is set
  std::string failure;       // why the experiment failed (exit 3): a server did not start, a target was
                             // unreachable or bad; the trials run before it keep their run directories
  bool interrupted = false;  // a signal cut it short: report.verdict "interrupted", no comparison
};

// Runs the 2 x plan.trials trials in trial_order(trials, seed) against the scenario `s` (warm-up
// applied), each through run_trial(s with the side's target, kpis), and judges B against A on
// ab_metrics_for(kpis). `log` (optional) gets a header line and
// one line per trial. `interrupts` (optional) is polled between trials and while a server starts; its
// signal is recorded in the report. Blocks for the length of all trials. Throws std::runtime_error
// when a result file cannot be written.
ab_outcome run_ab_experiment(const ab_plan& plan, const scenario& s, const std::vector<kpi>& kpis,
                             const trial_runner& run_trial, const std::function<void(const std::string&)>& log = {},
                             const interrupt_watch* interrupts = nullptr);

}  // namespace ragbench::loadgen
