#pragma once
// stats.csv with Locust's columns (Type,Name,Request Count,...,100%), one row per endpoint plus an
// "Aggregated" row. Times in ms, as Locust does.
#include <string>

#include "loadgen/report/run_result.hpp"

namespace ragbench::loadgen {

std::string render_stats_csv(const run_result& run);
// failures.csv: why requests failed, one row per endpoint and reason, most frequent first — Locust's
// failures.csv columns (Method is always empty: steps are named, not keyed by method), plus the sample's
// status and body start: Method,Name,Error,Occurrences,Status,Sample.
std::string render_failures_csv(const run_result& run);

}  // namespace ragbench::loadgen
