#pragma once
// The analysis subcommands: each parses its own arguments (args excludes "loadgen" and the
// command name) and returns an exit code (exit_codes.hpp). They may throw usage_error (exit 2);
// run_cli maps other exceptions to exit 3.
//   compare BASELINE CANDIDATE  — regression verdict between two results (compare_command.cpp)
//   ab                          — interleaved A/B trials of two server configurations (ab_command.cpp)
//   capacity                    — highest arrival rate that meets every KPI (capacity_command.cpp)
//   merge DIR...                — the segments of a distributed test into one run (merge_command.cpp)
#include <string>
#include <vector>

#include "loadgen/cli/cli.hpp"

namespace ragbench::loadgen {

int compare_main(const std::vector<std::string>& args, const cli_streams& io);
int ab_main(const std::vector<std::string>& args, const cli_streams& io);
int capacity_main(const std::vector<std::string>& args, const cli_streams& io);
int merge_main(const std::vector<std::string>& args, const cli_streams& io);

}  // namespace ragbench::loadgen
