#pragma once
// Like with like: are the runs of one side repeats of one configuration, are baseline and candidate the
// same workload, and were they measured on the same kind of machine? Comparing unlike runs is allowed
// (sometimes it is the question), but the reader is told first.
#include <string>
#include <string_view>
#include <vector>

#include "loadgen/compare/run_sample.hpp"

namespace ragbench::loadgen {

// The load without its duration: "open: constant 300/s" from "open: constant 300/s for 5.00s".
std::string load_shape(std::string_view load);

// Throws compare_input_error when `runs` (the runs of one side, or --noise-from) are not repeats of one
// configuration: a different scenario, load model or load shape. `side` names them in the message.
void check_repeats(const std::vector<run_sample>& runs, std::string_view side);

struct likeness {
  std::vector<std::string> differences;  // "scenario: knowledge-assistant vs voiceassist", ...
  bool loads_differ = false;             // model or load shape differ: throughput is not comparable
  std::string duration_note;             // set when only the durations differ
};
// How the baseline's runs differ from the candidate's (each side's first run stands for the side).
likeness compare_setups(const run_sample& baseline, const run_sample& candidate);

// Warnings about the machines: baseline and candidate on different hardware, or a side without a
// fingerprint. Empty when both were measured on the same CPU model and core count.
std::vector<std::string> machine_warnings(const std::vector<run_sample>& baseline,
                                          const std::vector<run_sample>& candidate);
// Notes about busy machines: runs that started with a 1-minute load average above the core count.
std::vector<std::string> busy_machine_notes(const std::vector<run_sample>& baseline,
                                            const std::vector<run_sample>& candidate);

}  // namespace ragbench::loadgen
