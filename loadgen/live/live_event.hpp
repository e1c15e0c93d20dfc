#pragma once
// One event of the live view's /events stream (loadgen run --web): the engine's progress tick
// (about once a second) as a JSON object, one line, keys in this order:
//   {"elapsed_s":12.0,"total_s":60.0,"open_model":false,"users":10,"target_rate":0.0,
//    "requests":950,"failures":1,"p50_ms":1.2,"p95_ms":3.4,"p99_ms":8.0,"dropped":0,"late":0,
//    "total_requests":11400,"total_failures":3,"done":false}
// requests..p99_ms cover the interval since the previous event (all endpoints; 429 answers are not
// counted there), total_* the run so far. The last event has "done":true: its interval is what ended
// after the last tick (the drain, or the requests cut by a stop), its total_* are the run's final
// totals (summary.json's, 429 answers included), elapsed_s how long the load ran.
// Documented in docs/loadgen-live.md; the field names are a stable interface.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "loadgen/engine/engine_options.hpp"
#include "loadgen/report/run_result.hpp"

namespace ragbench::loadgen {

struct live_event {
  double elapsed_s = 0, total_s = 0;
  bool open_model = false;
  std::uint64_t users = 0;
  double target_rate = 0;  // open model: arrivals per second the schedule asks for now
  std::uint64_t requests = 0, failures = 0;
  double p50_ms = 0, p95_ms = 0, p99_ms = 0;  // rounded to 1 us
  std::uint64_t dropped = 0, late = 0;
  std::uint64_t total_requests = 0, total_failures = 0;
  bool done = false;

  friend bool operator==(const live_event&, const live_event&) = default;
};

// The event's JSON text (one line, no newline).
std::string to_json(const live_event& e);
// A Server-Sent Events frame carrying `data` (one line): "data: <data>\n\n".
std::string sse_frame(std::string_view data);

// Turns progress ticks into events, keeping the running totals. Not thread-safe (the engine's
// controlling thread calls it).
class live_event_builder {
 public:
  live_event next(const progress_view& p);
  // The final event, from the run's final statistics: the interval is what they hold beyond the
  // ticks seen (exact per HDR bucket), the totals are the run's. `elapsed`: how long the load ran
  // (the stop time of an interrupted run). total_s is the planned duration seen in the ticks (or
  // `elapsed` when no tick came).
  live_event final_event(const run_result& run, std::chrono::nanoseconds elapsed) const;

 private:
  std::uint64_t total_requests_ = 0, total_failures_ = 0;
  hdr_histogram seen_latency_;  // every tick's interval latency, merged
  live_event last_;
};

}  // namespace ragbench::loadgen
