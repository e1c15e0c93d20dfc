// Finding and reading the run directories that `loadgen merge` combines.
#include "loadgen/merge/merge_inputs.hpp"

#include <algorithm>
#include <stdexcept>

#include "loadgen/merge/merge_refusal.hpp"
#include "loadgen/report/run_dir.hpp"

namespace ragbench::loadgen {
namespace fs = std::filesystem;

namespace {

bool is_run_dir(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p / "histograms.json", ec);
}

}  // namespace

std::vector<fs::path> expand_merge_dirs(const std::vector<std::string>& args) {
  std::vector<fs::path> out;
  for (const auto& arg : args) {
    const fs::path p(arg);
    std::error_code ec;
    if (!fs::is_directory(p, ec)) throw merge_refusal("merge: " + arg + ": not a directory");
    if (is_run_dir(p)) {
      out.push_back(p);
      continue;
    }
    std::vector<fs::path> found;
    for (const auto& entry : fs::directory_iterator(p, ec)) {
      if (entry.is_directory(ec) && is_run_dir(entry.path())) found.push_back(entry.path());
    }
    if (ec) throw merge_refusal("merge: " + arg + ": cannot list: " + ec.message());
    if (found.empty())
      throw merge_refusal("merge: " + arg + ": not a run directory (no histograms.json) and holds no run directories");
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

std::vector<merge_input> read_merge_inputs(const std::vector<fs::path>& dirs) {
  std::vector<merge_input> inputs;
  inputs.reserve(dirs.size());
  for (const auto& dir : dirs) {
    try {
      inputs.push_back({dir, read_run_dir(dir)});
    } catch (const std::invalid_argument& e) {
      throw merge_refusal(std::string("merge: ") + e.what());
    }
  }
  return inputs;
}

}  // namespace ragbench::loadgen
