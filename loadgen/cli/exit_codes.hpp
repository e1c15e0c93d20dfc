#pragma once
// loadgen's process exit codes: a stable contract for CI systems.
#include <string_view>

namespace ragbench::loadgen {

enum exit_code : int {
  exit_pass = 0,          // every KPI passed
  exit_kpi_failed = 1,    // a KPI failed (or, for compare, a regression)
  exit_usage_error = 2,   // bad command line or bad input file
  exit_run_failed = 3,    // the run itself failed: target unreachable, generator error
  // Cut short by a signal: 128 + its number, as shells report it (reports of what ran are written,
  // with the verdict "interrupted").
  exit_interrupted_sigint = 130,
  exit_interrupted_sigterm = 143,
};

// One-word description for messages: "pass", "kpi-failed", "usage-error", "run-failed", "interrupted".
std::string_view describe_exit_code(int code);

}  // namespace ragbench::loadgen
