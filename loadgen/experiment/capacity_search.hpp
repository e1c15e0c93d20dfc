#pragma once
// The capacity search: open-model arrival rate stepped up (additively or geometrically) until a
// KPI fails or the server saturates, then optional bisection between the last pass and the first
// failure. Runs steps through a caller-supplied runner (the CLI runs the engine; tests may too),
// so the search itself is plain logic.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "loadgen/experiment/knee.hpp"

namespace ragbench::loadgen {

struct capacity_plan {
  double start_rate = 100;      // iterations/s of the first step (> 0)
  double step = 100;            // added per step (used when factor == 0)
  double factor = 0;            // > 1: multiply per step instead
  double max_rate = 100000;     // no step above this
  std::size_t bisect = 0;       // bisection steps after the first failure
  double min_throughput_ratio = 0.9;   // achieved / offered below this: saturated
  double max_error_fraction = 0.01;    // failed requests / requests above this: saturated
  double max_dropped_fraction = 0.01;  // dropped / scheduled above this: saturated (no free connection)
  double max_late_fraction = 0.01;     // late / scheduled above this: the generator was the limit
  std::uint64_t min_late_count = 10;   // ... and at least this many late starts (a few slipped timers
                                       // on a busy machine are noise, not a generator limit)
};

// What one step measured (filled by the runner from a run_result; see capacity_step.hpp).
struct step_measurement {
  double offered_rps = 0;    // requests/s the schedule asked for
  double achieved_rps = 0;   // requests/s completed in the measured window (on_start requests excluded)
  std::uint64_t scheduled = 0, late = 0, dropped = 0, requests = 0, failures = 0;
  double p50_ms = 0, p95_ms = 0, p99_ms = 0;
  // Streams (all endpoints merged): TTFT and TPOT p99 when the step had text/event-stream
  // responses; goodput (good / judged, 0..1) and good requests/s when a step has an slo: block.
  std::optional<double> ttft_p99_ms, tpot_p99_ms, goodput, goodput_rps;
  bool kpis_pass = true;
  std::vector<std::string> failed_kpis;  // display texts
  bool unreachable = false;  // the target could not be reached at all
  std::string interrupted;   // the step was cut short by a signal: why ("" = it ran to the end)
  std::string dir;           // where its run directory was written ("" if none)
};

enum class step_status { pass, kpi_failed, saturated, generator_limited, unreachable, interrupted };
std::string to_string(step_status s);

struct capacity_step {
  double rate = 0;            // offered iterations/s
  bool bisection = false;
  step_measurement m;
  step_status status = step_status::pass;
  std::string reason;         // why not pass, e.g. "achieved 612/s of 1000/s offered (61%)"
};

struct capacity_result {
  std::vector<capacity_step> steps;           // in the order run
  std::optional<double> max_passing_rate;     // highest rate that met every KPI, unsaturated
  std::optional<double> first_failing_rate;   // lowest rate that failed (KPI or saturation)
  std::optional<knee_point> knee;             // over passing + failing steps, x = rate, y = p99
  double peak_throughput = 0;                 // highest achieved_rps of a trusted step
  // Good requests/s at max_passing_rate (its step's goodput_rps), when the scenario has an slo::
  // with a goodput KPI, the "max goodput" figure.
  std::optional<double> max_goodput_rps;
  std::string stop_reason;                    // "KPI failed at 800/s", "reached --max", ...
  bool generator_limited = false;             // a step was generator-limited: the search stopped there
  bool unreachable = false;
  bool interrupted = false;                   // a step was cut short by a signal: the search stopped there
};

// The stepping rates: start, then +step or *factor, while <= max_rate. Throws
// std::invalid_argument for a plan that does not move (step <= 0 and factor <= 1) or start > max.
std::vector<double> step_rates(const capacity_plan& plan);

// Classifies one measurement; `reason` gets why it is not a pass.
step_status classify(const step_measurement& m, const capacity_plan& plan, std::string& reason);

// Runs the search. runner(rate, index) runs one step at `rate` iterations/s. on_step (optional)
// is called after each step, e.g. to print a line.
using step_runner = std::function<step_measurement(double rate, std::size_t index)>;
capacity_result search_capacity(const capacity_plan& plan, const step_runner& runner,
                                const std::function<void(const capacity_step&)>& on_step = {});

}  // namespace ragbench::loadgen
