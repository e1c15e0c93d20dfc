#pragma once
// One run of a prepared scenario, in-process: engine -> run_result (totals, KPIs, generator validity,
// failure). Shared by `run` (one run), `ab` (one per trial) and `capacity` (one per step), so the
// three commands measure the same way. Writes nothing; the caller decides where results go.
#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "loadgen/engine/engine_options.hpp"
#include "loadgen/report/kpi.hpp"
#include "loadgen/report/run_result.hpp"
#include "loadgen/scenario/scenario.hpp"

namespace ragbench::loadgen {

struct execution_options {
  unsigned threads = 0;                                   // engine threads; 0 = cores
  std::optional<std::string> profile_path;                // recorded in run.settings["profile"]
  std::function<void(const progress_view&)> on_progress;  // live console (optional)
  std::function<void()> on_ready;  // optional: the engine accepted the scenario, traffic starts next
  // When set, SIGINT/SIGTERM during the run stop it gracefully and set *interrupted to true
  // (so a caller running many trials can stop after this one). nullptr: signals are not watched.
  std::atomic<bool>* interrupted = nullptr;
};

struct execution {
  run_result run;           // stats, totals, KPI results, verdict, generator validity
  engine_outcome outcome;   // everything else the engine reported (its stats moved into `run`)
};

// Runs `s` (blocking, for the scenario's load duration plus up to the graceful stop) and evaluates
// `kpis`. A generator-limited run has run.generator_valid == false; an unreachable target sets
// outcome.target_unreachable and run.verdict "fail". Throws std::invalid_argument when the engine
// rejects the scenario (e.g. an unresolvable target) before any traffic.
execution execute_run(const scenario& s, const std::vector<kpi>& kpis, const execution_options& o);

}  // namespace ragbench::loadgen
