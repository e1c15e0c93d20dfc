#pragma once
// How the engine runs (not what it sends: that is the scenario) and what a run produced.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "loadgen/engine/client_session.hpp"
#include "loadgen/scenario/execution_segment.hpp"
#include "loadgen/stats/run_stats.hpp"
#include "loadgen/stats/stats_recorder.hpp"

namespace ragbench::loadgen {

// Once a second (and once at the end), on the engine's controlling thread: the merged last interval.
struct progress_view {
  std::chrono::nanoseconds elapsed{0};
  std::chrono::nanoseconds total{0};
  bool open_model = false;
  std::uint64_t users = 0;          // closed: users started so far
  double target_rate_per_s = 0;     // open: the schedule's rate now
  interval_stats interval;          // requests, failures, latency of the last interval (all threads)
  std::uint64_t dropped = 0, late = 0;  // open model, cumulative
  // Only with engine_options::per_endpoint_progress: each endpoint's figures since the start (all
  // threads; a thread's figures as of its last answered tick). Empty otherwise.
  std::vector<endpoint_progress> endpoints;
};

struct engine_options {
  unsigned threads = 0;                             // event-loop threads; 0 = hardware cores
  session_options session;                          // connect / default request timeouts
                                                    // (a request_spec::timeout overrides per request)
  // After the load duration, requests still in flight may finish this long; then they are counted as
  // error_kind::unfinished. nullopt: the scenario's `drain`, else its longest request timeout (so
  // every request gets its whole timeout).
  std::optional<std::chrono::nanoseconds> drain;
  // After request_stop() (a signal, an unreachable target) the drain is at most this long.
  std::chrono::nanoseconds stop_drain{std::chrono::milliseconds(250)};
  std::chrono::nanoseconds late_after{std::chrono::milliseconds(10)};   // open: started this late = `late`
  std::chrono::nanoseconds drop_after{std::chrono::seconds(1)};         // open: no connection this long = `dropped`
  double generator_limit_fraction = 0.01;           // (dropped + late) / scheduled above this: not trusted
  std::chrono::nanoseconds unreachable_after{std::chrono::seconds(3)};  // only connect failures this long: abort
  std::uint32_t default_open_connections = 512;     // open model, when the scenario sets no max_connections
  std::function<void(const progress_view&)> on_progress;  // optional
  // Fill progress_view::endpoints (a live per-endpoint view: loadgen run --metrics-listen). Costs each
  // worker one copy of its endpoints' latency histograms per tick (~45 KiB each), off the request path.
  bool per_endpoint_progress = false;
  // Optional, on the controlling thread, once, when the load phase is over and requests are still in
  // flight: how many, and how long they may take at most (the drain).
  std::function<void(std::uint64_t in_flight, std::chrono::nanoseconds drain)> on_drain;
  // This run is one segment of a distributed test (loadgen/scenario/execution_segment.hpp): the open
  // model takes the global arrivals k with k mod count == index, the closed model runs its share of
  // the users at its share of the spawn rate, the worker RNGs are seeded from (run seed, segment).
  // The feeders are partitioned by the caller (apply_segment_to_feeders). Default: the whole test.
  execution_segment segment;
  // The run seed: the Poisson schedule and (mixed with the segment) every random choice. nullopt: the
  // scenario's `seed`, else a random one. Segments of one test must share it.
  std::optional<std::uint64_t> run_seed;
  // When set, the load starts at this wall-clock time (the engine waits; workers are ready before).
  // Already past: the load starts at once and engine_outcome::start_late says by how much.
  std::optional<std::chrono::system_clock::time_point> start_at;
};

// What a run produced; the CLI turns it into a run_result.
struct engine_outcome {
  run_stats stats;
  std::string started_at;            // ISO-8601 UTC, when the load started
  std::int64_t started_unix_ms = 0;  // the same, ms since the Unix epoch (exactly start_at when on time)
  std::chrono::nanoseconds start_late{0};  // with engine_options::start_at: how late the load started
  double duration_s = 0;             // measured (warm-up excluded)
  bool open_model = false;
  std::uint64_t scheduled = 0;       // open: arrivals due during the run
  bool generator_limited = false;    // dropped + late above generator_limit_fraction
  std::string generator_reason;      // e.g. "3.2% of scheduled starts dropped or late"
  bool target_unreachable = false;   // nothing but connect failures: the run failed
  std::string failure_reason;        // e.g. "every connect to 127.0.0.1:9 was refused"
  bool stopped_early = false;        // request_stop() or unreachable
  std::chrono::nanoseconds stopped_after{0};  // stopped_early: time from the run start to the stop
  std::chrono::nanoseconds drain{0};  // the drain bound that applied
  std::uint64_t in_flight_at_end = 0; // requests in flight when the load phase ended
  std::vector<std::string> warnings; // e.g. users stopped because a unique feeder ran out
};

}  // namespace ragbench::loadgen
