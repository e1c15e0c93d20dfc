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
#include "loadgen/stats/server_metrics.hpp"

namespace ragbench::loadgen {

struct run_totals {
  std::uint64_t requests = 0;
  std::uint64_t failures = 0;
  std::uint64_t rate_limited = 0;  // 429 answers (not failures)
  double rps = 0;  // requests / duration_s
  std::uint64_t dropped = 0;
  std::uint64_t late = 0;

  friend bool operator==(const run_totals&, const run_totals&) = default;
};

// A run cut short by a signal (or the web view's stop): which, when, and how much of the planned
// duration had run.
struct run_interruption {
  std::string signal;     // "SIGINT", "SIGTERM", or "web" (POST /stop of loadgen run --web)
  std::string at;         // ISO-8601 UTC time of the signal
  double after_s = 0;     // seconds of load that ran (from the run start)
  double planned_s = 0;   // the planned load duration

  friend bool operator==(const run_interruption&, const run_interruption&) = default;
};

// Which part of a distributed test a run was (loadgen run --segment I/N): segment `index` (0-based) of
// `count`, of the test `run_id` (shared by every segment of one test), whose scenario file had the content
// hash `scenario_hash` ("sha256:<hex>"). `loadgen merge` accepts only segments that agree on run_id,
// scenario_hash and count. A merged run lists the segments it was merged from in `merged_from`.
struct run_segment {
  int index = 0;
  int count = 1;
  std::string run_id;
  std::string scenario_hash;
  std::int64_t started_unix_ms = 0;  // when this segment's load started (ms since the epoch): merge aligns
                                     // the per-second series of the segments on it
  std::vector<int> merged_from;  // merged runs only: the segment indexes combined (sorted)

  friend bool operator==(const run_segment&, const run_segment&) = default;
};

// How the verdict is decided beyond the scenario's KPIs.
struct verdict_rules {
  // The overall error-rate bound (percent) from the scenario's `max_error_rate` or --max-error-rate:
  // when set it always applies; when not, default_max_error_rate_pct applies to runs without KPIs.
  std::optional<double> max_error_rate_pct;
  double default_max_error_rate_pct = 1.0;
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
  std::vector<kpi_result> kpis;  // the scenario's KPIs, then the max_error_rate bound when it applies
  std::string verdict = "pass";  // "pass" when every KPI passed, "fail" otherwise, "interrupted" when cut short
  std::string verdict_reason;    // why not "pass": the first failed KPI, or the interruption; "" on pass
  std::optional<run_interruption> interrupted;  // set when a signal cut the run short
  bool generator_valid = true;   // false when the generator could not keep up (results not trustworthy)
  std::string generator_reason;  // why not, e.g. "12% of scheduled starts dropped"
  std::optional<machine_fingerprint> machine;  // where it ran (absent in results from older versions)
  // Report grouping by the steps' `tags:`: tag -> endpoint names (empty when no step has tags).
  std::map<std::string, std::vector<std::string>> tags;
  std::optional<server_metrics> server;        // scraped from the target during the run (--scrape); absent without
  std::optional<run_segment> segment;          // set for a segment of a distributed test, and for a merged run

  friend bool operator==(const run_result&, const run_result&) = default;
};

// Sets totals from stats and duration_s.
void compute_totals(run_result& run);
// Evaluates every KPI into run.kpis, adds the error-rate bound of `rules` when it applies (as a KPI
// result "all: error_rate <= 1% (max_error_rate)"), and sets the verdict and its reason. A KPI over
// zero requests fails ("no samples"). Call after compute_totals.
void evaluate_kpis(run_result& run, const std::vector<kpi>& kpis, const verdict_rules& rules = {});
// Marks the run as cut short: verdict "interrupted", whatever the KPIs said, with the reason
// "interrupted by SIGINT after 2.2 s of 5 s (at ...)".
void mark_interrupted(run_result& run, const run_interruption& why);
// The n most frequent failure reasons over every endpoint, each with its endpoint's name (ties: endpoint
// order, then first appearance). For report.md and the console summary.
std::vector<std::pair<std::string, failure_reason>> top_failure_reasons(const run_result& run, std::size_t n);
// One merged endpoint_stats per tag of run.tags (named after the tag; endpoints without samples add
// nothing), in tag order. Empty when the run has no tags.
std::vector<endpoint_stats> tag_groups(const run_result& run);
// Current UTC time as ISO-8601 ("2024-05-01T12:00:00Z").
std::string iso8601_now();

}  // namespace ragbench::loadgen
