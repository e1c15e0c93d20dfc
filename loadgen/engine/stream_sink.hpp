#pragma once
// The body_sink of a step whose response may be a text/event-stream: it decides from the response
// head whether to parse the body as a stream (a 2xx with Content-Type text/event-stream, or any 2xx
// when the step forces `stream: sse`), then feeds the body bytes to an sse_parser as they arrive and
// times each output event itself (output_event.hpp says which events are output). Per stream it
// keeps only O(1) state — first and last output time, counts, the largest gap — and records every
// gap between output events straight into the endpoint's ITL histogram, so memory does not depend
// on the number of events. Bodies that are not streams pass through untouched.
//
// Time: the clock is read at most once per piece of body bytes that completes an output event (the
// events of one read arrived together), and once at a stream's head.
// When a check or capture of the step reads the body, `keep` receives every byte as well.
// One per virtual user, reused (its buffers keep their capacity); not thread-safe.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include "common/clock.hpp"
#include "loadgen/engine/body_sink.hpp"
#include "loadgen/engine/sse_parser.hpp"
#include "loadgen/stats/stats_recorder.hpp"

namespace ragbench::loadgen {

// What the sink saw of the last response (valid until the next arm()).
struct stream_observation {
  using time_point = std::chrono::steady_clock::time_point;
  bool is_stream = false;   // the body was parsed as a text/event-stream
  bool ended = false;       // ... and the response completed (on_end)
  time_point head_at{};     // when the head arrived (streams)
  time_point first_at{}, last_at{};  // first and last output event (events > 0)
  std::uint64_t events = 0;          // output events
  std::optional<std::uint64_t> usage_tokens;  // usage.completion_tokens, when the stream sent it
  std::chrono::nanoseconds max_gap{0};        // largest gap between consecutive output events
  // Output tokens: the usage frame's count when sent, else the output events.
  std::uint64_t tokens() const { return usage_tokens ? *usage_tokens : events; }
};

// How the next response is read.
struct stream_request {
  bool force = false;                  // `stream: sse`: parse any 2xx body as a stream
  std::string_view token_event;        // only events of this type are output ("" = any); must outlive the response
  std::size_t max_event_bytes = 10u << 20;  // bound on one line / one event's data (else body_too_large)
  body_sink* keep = nullptr;           // also receives the head and every body byte (checks, captures)
  stats_recorder* recorder = nullptr;  // where the ITL gaps go (stream_itl(endpoint)); nullptr = not recorded
  endpoint_id endpoint = 0;
};

class stream_sink final : public body_sink {
 public:
  // `clock` must outlive the sink.
  explicit stream_sink(const clock_source& clock) : clock_(clock) {}

  // Prepares for the next response (call before each async_send that uses this sink).
  void arm(const stream_request& request);
  const stream_observation& observed() const { return seen_; }

  void on_head(const http_response& head) override;
  failure_kind on_body(std::string_view bytes) override;
  void on_end() override;

 private:
  static void on_event(void* self, std::string_view type, std::string_view data);
  void output_event();

  const clock_source& clock_;
  stream_request request_;
  sse_parser parser_;
  stream_observation seen_;
  hdr_histogram* itl_ = nullptr;
  clock_source::time_point now_{};
  bool now_valid_ = false;  // now_ was read for the current piece of bytes
};

}  // namespace ragbench::loadgen
