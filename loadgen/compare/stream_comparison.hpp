#pragma once
// compare's rows for the stream metrics of one endpoint: TTFT p50/p95/p99, ITL p99, TPOT p50/p99
// (bootstrap over runs and histogram buckets, like latency), output tokens/s (bootstrap over runs
// when each side has two or more, else tolerance only) and goodput (a two-proportion test on good /
// judged requests, like error_rate, but a fall is worse). An endpoint neither side streamed gets no
// stream rows, one neither side judged against an SLO no goodput row; when only one side has them the
// rows are `missing` with a note.
#include <string>
#include <vector>

#include "loadgen/compare/comparison.hpp"

namespace ragbench::loadgen {

void append_stream_rows(std::vector<metric_comparison>& rows, const std::string& endpoint,
                        const std::vector<run_sample>& baseline, const std::vector<run_sample>& candidate,
                        const compare_options& options);

}  // namespace ragbench::loadgen
