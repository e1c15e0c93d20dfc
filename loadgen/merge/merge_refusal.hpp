#pragma once
// Why `loadgen merge` will not merge its inputs: a directory that is not a run, or runs that do not
// belong together (not segments, different run id, scenario hash, segment count or KPIs, the same
// segment twice, open mixed with closed, a segment missing without --allow-partial). The message names
// the directories; the CLI prints it and exits 2 (an input error).
#include <stdexcept>

namespace ragbench::loadgen {

class merge_refusal : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

}  // namespace ragbench::loadgen
