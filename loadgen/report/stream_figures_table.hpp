#pragma once
// The stream figures as the report writers show them: one row per histogram of stream_stats, with
// its summary.json key, label, formula and unit, and the names other LLM benchmark tools give the
// nearest figure. One table, so report.md, stats.csv and docs/loadgen-results.md say the same.
#include "loadgen/stats/stream_stats.hpp"

namespace ragbench::loadgen {

struct stream_figure {
  const char* key;       // summary.json key, e.g. "ttft_ms"; also the stats.csv Type
  const char* label;     // "TTFT"
  const char* formula;   // "first output event − intended start (= send in the closed model)"
  hdr_histogram stream_stats::*histogram;
  double unit;           // divides the recorded values into the shown unit
  const char* unit_name; // "ms" or "tokens/s"
};

inline constexpr stream_figure stream_figure_rows[] = {
    {"ttft_ms", "TTFT", "first output event − intended start (= send in the closed model)", &stream_stats::ttft, 1e6, "ms"},
    {"ttft_service_ms", "TTFT (service)", "first output event − send", &stream_stats::ttft_service, 1e6, "ms"},
    {"itl_ms", "ITL", "every gap between consecutive output events", &stream_stats::itl, 1e6, "ms"},
    {"tpot_ms", "TPOT", "(last output − first output) / (tokens − 1), per stream", &stream_stats::tpot, 1e6, "ms"},
    {"e2e_ms", "E2E", "end of stream − intended start (= send in the closed model), complete streams", &stream_stats::e2e, 1e6, "ms"},
    {"e2e_service_ms", "E2E (service)", "end of stream − send, complete streams", &stream_stats::e2e_service, 1e6,
     "ms"},
    {"headers_ms", "time to headers", "response head − intended start (= send in the closed model)", &stream_stats::headers, 1e6, "ms"},
    {"stream_tokens_per_s", "tokens/s per stream", "(tokens − 1) / (last output − first output)", &stream_stats::rate,
     1000.0, "tokens/s"},
};

// Our figure, and the nearest figure of vLLM `bench serve`, GuideLLM and AIPerf ("—": none).
struct stream_name_map {
  const char* ours;
  const char* vllm;
  const char* guidellm;
  const char* aiperf;
};

inline constexpr stream_name_map stream_name_rows[] = {
    {"ttft_service_ms (ttft_ms: from the intended start)", "TTFT", "time_to_first_token_ms", "time_to_first_token"},
    {"itl_ms (every gap)", "ITL", "—", "inter_chunk_latency"},
    {"tpot_ms", "TPOT", "inter_token_latency_ms", "inter_token_latency"},
    {"e2e_service_ms (e2e_ms: from the intended start)", "E2EL", "request_latency", "request_latency"},
    {"stream_tokens_per_s", "—", "—", "output_token_throughput_per_user"},
    {"output_tokens_per_s", "output token throughput", "output_tokens_per_second", "output_token_throughput"},
    {"tokens", "total generated tokens", "output_tokens", "output_sequence_length (sum)"},
    {"goodput_rps", "request goodput", "—", "goodput"},
    {"goodput", "—", "—", "good_request_fraction"},
};

}  // namespace ragbench::loadgen
