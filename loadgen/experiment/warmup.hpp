#pragma once
// Giving a scenario a warm-up phase whose statistics are dropped, for ab trials.
#include <chrono>

#include "loadgen/scenario/scenario.hpp"

namespace ragbench::loadgen {

// Returns `s` so that it first runs `warmup` (excluded from the statistics by the engine) and then
// the measured part of its load: the load's duration minus the scenario's own warm-up, unchanged.
// Closed, constant and Poisson loads are lengthened; a ramping load keeps its stages and the warm-up
// is their first part (it must then be shorter than the stages). warmup 0 = no warm-up.
// Throws std::invalid_argument for a ramping load not longer than `warmup`.
scenario with_warmup(scenario s, std::chrono::nanoseconds warmup);

}  // namespace ragbench::loadgen
