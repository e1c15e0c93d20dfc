#pragma once
// `loadgen compare` as a function: parse arguments, load both sides, compare, print the table, write
// the files. compare_command.cpp forwards to run_compare.
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "loadgen/compare/compare_options.hpp"

namespace ragbench::loadgen {

struct compare_request {
  std::vector<std::filesystem::path> baseline, candidate;  // each >= 1 path
  std::vector<std::filesystem::path> noise_from;           // earlier runs: run-to-run noise for single runs
  std::optional<std::filesystem::path> out_dir;
  compare_options options;
  bool help = false;
};

// args excludes "loadgen compare". Throws compare_input_error with a message naming the argument.
compare_request parse_compare_args(const std::vector<std::string>& args);
std::string compare_usage_text();

// Runs a parsed request: table to `out`, files to out_dir. Returns 0 (no regression, also when some changes
// are inconclusive), 1 (a metric is worse, or an endpoint missing without --allow-missing). Throws
// compare_input_error on unreadable input or runs that are not repeats (exit 2 for the caller).
int run_compare(const compare_request& request, std::FILE* out, std::FILE* err);

}  // namespace ragbench::loadgen
