#pragma once
// The inputs of `loadgen merge`: which run directories the command line names, read back into
// run_results (loadgen/report/run_dir.hpp).
#include <filesystem>
#include <string>
#include <vector>

#include "loadgen/report/run_result.hpp"

namespace ragbench::loadgen {

struct merge_input {
  std::filesystem::path dir;  // as given (or found under a given directory)
  run_result run;
};

// Each argument is a run directory (it holds histograms.json) or a directory that holds run directories
// (no histograms.json of its own, but sub-directories that have one): those sub-directories, in name
// order, one level deep. Throws merge_refusal for a path that is neither, naming it.
std::vector<std::filesystem::path> expand_merge_dirs(const std::vector<std::string>& args);

// Reads every directory (read_run_dir). Throws merge_refusal naming the directory and what is wrong.
std::vector<merge_input> read_merge_inputs(const std::vector<std::filesystem::path>& dirs);

}  // namespace ragbench::loadgen
