#pragma once
// Turning synthetic segments into merge inputs and merging them as `loadgen merge` does.
#include <string>
#include <vector>

#include "loadgen/merge/merge_inputs.hpp"
#include "loadgen/merge/run_merge.hpp"
#include "loadgen/merge/segment_check.hpp"

namespace ragbench::loadgen::testing {

inline std::vector<merge_input> as_inputs(const std::vector<run_result>& runs) {
  std::vector<merge_input> out;
  for (const auto& r : runs) out.push_back({"seg-" + std::to_string(r.segment ? r.segment->index : -1), r});
  return out;
}

inline run_result merged(std::vector<merge_input> inputs, bool allow_partial = false) {
  const auto coverage = check_segments(inputs, allow_partial);
  return merge_runs(inputs, coverage);
}

inline run_result merged(const std::vector<run_result>& runs, bool allow_partial = false) {
  return merged(as_inputs(runs), allow_partial);
}

}  // namespace ragbench::loadgen::testing
