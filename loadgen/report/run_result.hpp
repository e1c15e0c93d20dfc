#pragma once
// One finished run: what was run, how, the merged statistics, totals, KPI results and the verdict.
// Built by the engine (or read back from a run directory) and rendered by the writers.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "loadgen/report/kpi.hpp"
#include "loadgen/report/machine_fingerprint.hpp"
#include "loadgen/stats/run_stats.hpp"

namespace ragbench::loadgen {

struct run_totals {
  std::uint64_t requests = 0;
  std::uint64_t failures = 0;
  double rps = 0;  // requests / duration_s
  std::uint64_t dropped = 0;
  std::uint64_t late = 0;

  friend bool operator==(const run_totals&, const run_totals&) = default;
};

struct run_result {
  std::string scenario;
  std::string started_at;        // ISO-8601 UTC, e.g. "2024-05-01T12:00:00Z"
  double duration_s = 0;         // measured duration of the run
  std::string model = "closed";  // "closed" or "open"
  std::string target;            // e.g. "http://127.0.0.1:8080"
  std::map<std::string, std::string> settings;  // free-form: users, spawn_rate, arrival_rate, profile...
  run_stats stats;
  run_totals totals;
  std::vector<kpi_result> kpis;
  std::string verdict = "pass";  // "pass" when every KPI passed, else "fail"
  bool generator_valid = true;   // false when the generator could not keep up (results not trustworthy)
  std::string generator_reason;  // why not, e.g. "12% of scheduled starts dropped"
  std::optional<machine_fingerprint> machine;  // where it ran (absent in results from older versions)

  friend bool operator==(const run_result&, const run_result&) = default;
};

// Sets totals from stats and duration_s.
void compute_totals(run_result& run);
// Evaluates every KPI into run.kpis and sets the verdict. Call after compute_totals.
void evaluate_kpis(run_result& run, const std::vector<kpi>& kpis);
// Current UTC time as ISO-8601 ("2024-05-01T12:00:00Z").
std::string iso8601_now();

}  // namespace ragbench::loadgen
