#pragma once
// report.md: a table per endpoint, the KPI table and the verdict, for a PR comment or a terminal.
#include <string>

#include "loadgen/report/run_result.hpp"

namespace ragbench::loadgen {

std::string render_markdown(const run_result& run);

}  // namespace ragbench::loadgen
