#pragma once
// What the text/event-stream responses of one endpoint measured: time to headers, to the first
// output event (TTFT, from the intended start and from the send), every inter-event gap (ITL), time
// per output token (TPOT), end-to-end time, per-stream token rate, and the counts. Histograms only,
// so memory does not grow with the number of streams or events. Merges exactly, like endpoint_stats.
// The formulas are documented in docs/loadgen-results.md ("Stream metrics").
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "common/hdr_histogram.hpp"

namespace ragbench::loadgen {

struct stream_stats {
  std::uint64_t streams = 0;        // responses parsed as event streams, complete or cut
  std::uint64_t cut = 0;            // of which ended early (error kind stream_cut)
  std::uint64_t events = 0;         // output events (see loadgen/engine/output_event.hpp)
  std::uint64_t tokens = 0;         // output tokens: usage.completion_tokens when sent, else events
  std::uint64_t usage_streams = 0;  // streams whose token count came from a usage frame
  hdr_histogram headers;       // ns: response head - intended start
  hdr_histogram ttft;          // ns: first output event - intended start
  hdr_histogram ttft_service;  // ns: first output event - send
  hdr_histogram itl;           // ns: every gap between consecutive output events of a stream
  hdr_histogram tpot;          // ns: (last output - first output) / (tokens - 1), streams with tokens >= 2
  hdr_histogram e2e;           // ns: end of the stream - intended start (complete streams)
  hdr_histogram e2e_service;   // ns: end of the stream - send (complete streams)
  hdr_histogram rate;          // tokens/s x 1000 per stream: (tokens - 1) / (last output - first output)

  void merge(const stream_stats& other);
  // {"streams", "cut", "events", "tokens", "usage_streams", "headers": hdr, "ttft": hdr, ...};
  // from_json validates (throws std::invalid_argument naming `where`).
  nlohmann::json to_json() const;
  static stream_stats from_json(const nlohmann::json& j, std::string_view where);

  friend bool operator==(const stream_stats&, const stream_stats&) = default;
};

// One stream's figures, as the engine hands them to stats_recorder::record_stream. Absent ones are
// undefined for this stream (no output event: no TTFT; fewer than two tokens: no TPOT; cut: no e2e).
// The ITL gaps are recorded as they happen (stats_recorder::stream_itl).
struct stream_sample {
  using ns = std::chrono::nanoseconds;
  std::optional<ns> headers, ttft, ttft_service, tpot, e2e, e2e_service;
  std::optional<double> tokens_per_s;
  std::uint64_t events = 0;
  std::uint64_t tokens = 0;
  bool from_usage = false;
  bool cut = false;
};

}  // namespace ragbench::loadgen
