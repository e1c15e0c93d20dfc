#pragma once
// Combining the segments of a distributed test into the one run_result a single process would have
// produced (`loadgen merge`). What is exact and what is not is documented in docs/loadgen-results.md
// ("Merging segments"):
// - exact: every histogram (latency, service time, stream figures), counts by status, error kind and
//   failure reason, bytes, requests, failures, 429s, goodput counts, dropped and late starts;
// - aligned on wall-clock time: each segment's per-second series moves by round(d / 1000) seconds, d
//   being how many ms after the earliest segment it started (segment.started_unix_ms), so a second's
//   bucket may hold samples from up to 0.5 s either side of its boundary when segments did not start
//   on the same second; totals over all seconds stay exact;
// - duration: from the earliest start to the latest end (start + duration_s);
// - the generator-limited flag: any segment limited makes the merged run invalid, the reason naming
//   the segment(s); any segment interrupted makes the merged run interrupted;
// - server metrics (--scrape): one segment's only, the lowest index that has them, moved onto the
//   merged time axis; machine: the lowest segment's.
// Then every KPI and the verdict are evaluated again on the merged data (kpi_replay.hpp).
#include <vector>

#include "loadgen/merge/merge_inputs.hpp"
#include "loadgen/merge/segment_check.hpp"
#include "loadgen/report/run_result.hpp"

namespace ragbench::loadgen {

// `inputs` as check_segments left them (sorted by index, checked); `coverage` its answer. The result
// depends only on the inputs' contents, not their order on the command line. Throws merge_refusal
// when the inputs' KPIs differ or do not parse back.
run_result merge_runs(const std::vector<merge_input>& inputs, const segment_coverage& coverage);

}  // namespace ragbench::loadgen
