#pragma once
// stats.csv with Locust's columns (Type,Name,Request Count,...,100%), one row per endpoint plus an
// "Aggregated" row. Times in ms, as Locust does.
#include <string>

#include "loadgen/report/run_result.hpp"

namespace ragbench::loadgen {

std::string render_stats_csv(const run_result& run);

}  // namespace ragbench::loadgen
