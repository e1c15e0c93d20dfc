#pragma once
// Whether the inputs of `loadgen merge` are segments of one distributed test, and which of its
// segments they cover. Inputs may themselves be merged runs (segment.merged_from), so partial merges
// can be merged further.
#include <string>
#include <vector>

#include "loadgen/merge/merge_inputs.hpp"

namespace ragbench::loadgen {

struct segment_coverage {
  int count = 1;              // segments the test was split into
  std::vector<int> present;   // segment indexes covered by the inputs, sorted
  std::vector<int> missing;   // the others, sorted

  bool partial() const { return !missing.empty(); }
  // present / count: the share of the test's load the merged result covers (segments split the load
  // evenly, up to a remainder of one iteration or user).
  double share() const { return static_cast<double>(present.size()) / static_cast<double>(count); }
  // "merged 4 of 4", or "merged 3 of 4 (partial: 75% of the load; missing segment 2)".
  std::string describe() const;
};

// The segment indexes a run stands for: segment.merged_from for a merged run, else {segment.index}.
std::vector<int> covered_segments(const run_segment& s);

// Sorts `inputs` by segment index and checks that they belong together: every input has a segment
// object, and they agree on run_id, scenario_hash, count and model (open or closed); no segment comes
// twice; every segment is present unless allow_partial. Throws merge_refusal naming the directories.
segment_coverage check_segments(std::vector<merge_input>& inputs, bool allow_partial);

}  // namespace ragbench::loadgen
