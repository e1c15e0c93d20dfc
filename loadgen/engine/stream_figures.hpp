#pragma once
// From what a stream_sink observed of one response to the figures the statistics record, and the
// goodput judgement of a request against its step's SLO. Pure functions (unit-tested with made-up
// time points). Definitions (docs/loadgen-results.md, "Stream metrics"):
//   headers      = head arrived - start
//   TTFT         = first output event - start;   TTFT (service) = first output event - send
//   TPOT         = (last output - first output) / (tokens - 1), when tokens >= 2
//   tokens/s     = (tokens - 1) / (last output - first output), when tokens >= 2 and time passed
//   e2e          = end of the response - start;  e2e (service) = end - send; complete streams only
// where `start` is the intended start in the open model (first step of an iteration), else the send,
// as for latency; tokens = usage.completion_tokens when the stream sent it, else output events.
#include <chrono>

#include "loadgen/engine/stream_sink.hpp"
#include "loadgen/scenario/scenario.hpp"
#include "loadgen/stats/stream_stats.hpp"

namespace ragbench::loadgen {

using stream_time = std::chrono::steady_clock::time_point;

// The figures of a stream (o.is_stream must be true). `cut`: the stream ended early (stream_cut).
stream_sample stream_figures(const stream_observation& o, stream_time start, stream_time sent_at,
                             stream_time done_at, bool cut);

// Goodput: true when the request succeeded (`ok`: transport, status and checks) and every limit of
// `slo` that is set holds: ttft <= limit (needs an output event); tpot <= limit (holds when TPOT is
// undefined, fewer than two tokens); the largest gap between output events <= itl (holds with
// fewer than two events); latency <= e2e. A stream limit (ttft, tpot, itl) on a response that was
// not a stream fails. `s` may be null when o is not a stream.
bool meets_slo(const slo_limits& slo, bool ok, const stream_observation& o, const stream_sample* s,
               std::chrono::nanoseconds latency);

}  // namespace ragbench::loadgen
