#pragma once
// One run of a prepared scenario, in-process: engine -> run_result (totals, KPIs, generator validity,
// failure). Shared by `run` (one run), `ab` (one per trial) and `capacity` (one per step), so the
// three commands measure the same way. Writes nothing; the caller decides where results go.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "loadgen/engine/engine_options.hpp"
#include "loadgen/experiment/interrupt_watch.hpp"
#include "loadgen/report/kpi.hpp"
#include "loadgen/report/run_result.hpp"
#include "loadgen/scenario/scenario.hpp"

namespace ragbench::loadgen {

struct execution_options {
  unsigned threads = 0;                                   // engine threads; 0 = cores
  std::optional<std::string> profile_path;                // recorded in run.settings["profile"]
  std::function<void(const progress_view&)> on_progress;  // live console (optional)
  bool per_endpoint_progress = false;  // progress_view::endpoints filled (engine_options::per_endpoint_progress)
  std::function<void()> on_ready;  // optional: the engine accepted the scenario, traffic starts next
  // When set, a SIGINT/SIGTERM (caught by the caller's watch) cuts the run short: the run_result
  // gets the verdict "interrupted" with when and by what. nullptr: signals are not handled here.
  interrupt_watch* interrupts = nullptr;
  // Optional: the load phase is over and requests are still in flight (see engine_options::on_drain).
  std::function<void(std::uint64_t in_flight, std::chrono::nanoseconds drain)> on_drain;
  // Distributed tests (loadgen run --segment I/N, --start-at): passed on to the engine
  // (engine_options::segment, run_seed, start_at). The feeders are the caller's to partition.
  execution_segment segment;
  std::optional<std::uint64_t> run_seed;
  std::optional<std::chrono::system_clock::time_point> start_at;  // also settings["start_at"], ["start_late_s"]
  // Set: the run is marked as a segment — run.segment is this with index and count from `segment` and
  // started_unix_ms from the engine, and settings["segment"] = "I/N".
  std::optional<run_segment> identity;
};

struct execution {
  run_result run;           // stats, totals, KPI results, verdict, generator validity
  engine_outcome outcome;   // everything else the engine reported (its stats moved into `run`)
};

// Runs `s` (blocking, for the scenario's load duration plus up to its drain) and evaluates `kpis`
// and the scenario's max_error_rate (verdict_rules). A generator-limited run has
// run.generator_valid == false; an unreachable target sets outcome.target_unreachable and
// run.verdict "fail"; a run cut short by a signal has run.verdict "interrupted". Throws
// std::invalid_argument when the engine rejects the scenario (e.g. an unresolvable target) before
// any traffic.
execution execute_run(const scenario& s, const std::vector<kpi>& kpis, const execution_options& o);

// How ab trials and capacity steps are run: the commands pass execute_run with their options, tests
// pass a function that makes up the result.
using trial_runner = std::function<execution(const scenario& s, const std::vector<kpi>& kpis)>;

}  // namespace ragbench::loadgen
