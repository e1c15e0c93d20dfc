#pragma once
// Turning one capacity step's run into a step_measurement, and the scenario facts it needs.
#include <string>
#include <vector>

#include "loadgen/engine/engine_options.hpp"
#include "loadgen/experiment/capacity_search.hpp"
#include "loadgen/report/kpi.hpp"
#include "loadgen/report/run_result.hpp"
#include "loadgen/scenario/scenario.hpp"

namespace ragbench::loadgen {

// Requests one open-model iteration sends on average: sum(weight * steps) / sum(weight).
double requests_per_iteration(const scenario& s);

// The scenario's KPIs that a capacity step is judged by: all but throughput targets (rps,
// requests, output_tokens_per_s, goodput_rps), which grow with the offered rate and are what the
// search measures rather than a condition at a given rate. goodput (a fraction) stays: a search on
// `goodput >= 95%` finds the highest rate at which 95 % of the requests meet their SLO.
std::vector<kpi> capacity_kpis(const std::vector<kpi>& kpis);

// A copy of `s` running the open, constant-rate model at `rate` per second for `duration`
// (plus `warmup`, which is excluded from the statistics), keeping max_connections.
scenario step_scenario(const scenario& s, double rate, std::chrono::nanoseconds duration,
                       std::chrono::nanoseconds warmup);

// The measurement of a finished step (run.kpis already evaluated). `rate` is the offered
// iterations/s; on_start requests are excluded from the achieved throughput.
step_measurement measure_step(const run_result& run, const engine_outcome& outcome, const scenario& s, double rate);

}  // namespace ragbench::loadgen
