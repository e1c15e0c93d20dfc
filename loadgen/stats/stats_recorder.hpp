#pragma once
// The recording API of the load-generator engine's hot path. One stats_recorder per engine thread, used
// only from that thread (no locks, no atomics); the threads' results are merged with merge() or by
// merging their snapshot() run_stats.
//
// Usage:
//   stats_recorder rec(clock, run_start);                  // run_start shared by all threads
//   auto search = rec.register_endpoint("search");         // up front, before traffic
//   rec.record_success(search, latency, service_time, 200, bytes_out, bytes_in);
//   rec.record_failure(search, error_kind::timeout, latency, service_time, 0);
//   interval_stats iv = rec.snapshot_and_reset_interval(); // console, e.g. once per second
//
// Streams (text/event-stream responses): the engine records each inter-event gap as it happens into
// stream_itl(id), and the stream's other figures once it ended with record_stream(); a step with an
// slo: block judges each of its requests with record_goodput().
//
// Costs: record_* are O(1) (three histogram increments, a map lookup for the status code, and one clock
// read to find the current second; a second roll-over compacts that second's histogram, O(buckets)).
// The first stream of an endpoint allocates its stream histograms (~300 KiB) once.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/hdr_histogram.hpp"
#include "loadgen/stats/endpoint_progress.hpp"
#include "loadgen/stats/error_kind.hpp"
#include "loadgen/stats/run_stats.hpp"

namespace ragbench::loadgen {

using endpoint_id = std::uint32_t;

// What happened since the previous snapshot_and_reset_interval(), over all endpoints. Merge the threads'
// intervals with merge() before reading percentiles.
struct interval_stats {
  std::chrono::nanoseconds elapsed{0};  // length of the interval (max over merged threads)
  std::uint64_t requests = 0;
  std::uint64_t failures = 0;
  hdr_histogram latency;                // ns

  void merge(const interval_stats& other);
  double rps() const;                                    // requests / elapsed; 0 when elapsed is 0
  double latency_ms_at(double percentile) const;         // e.g. latency_ms_at(95)
};

class stats_recorder {
 public:
  // `clock` must outlive the recorder. `run_start` is the common zero of every thread's time series.
  stats_recorder(const clock_source& clock, clock_source::time_point run_start);

  // Registers an endpoint name and returns its id (0, 1, 2... in order). Registering the same name again
  // returns the existing id. Call before traffic; not on the hot path.
  endpoint_id register_endpoint(std::string_view name);
  std::size_t endpoint_count() const { return stats_.endpoints.size(); }

  // A completed request. latency: from the intended start; service_time: from the actual send; status:
  // the HTTP status; bytes: request and response sizes on the wire. An unknown id throws std::out_of_range.
  void record_success(endpoint_id id, std::chrono::nanoseconds latency, std::chrono::nanoseconds service_time,
                      int status, std::uint64_t bytes_out, std::uint64_t bytes_in);
  // A failed request: counted by kind and by status (0 when no response), and its latency is recorded too
  // (a timeout's long wait must show in the percentiles). reason: why, for the failure reasons ("" = the
  // error kind's name); body: the response body read so far, for the reason's sample (may be empty).
  void record_failure(endpoint_id id, error_kind kind, std::chrono::nanoseconds latency,
                      std::chrono::nanoseconds service_time, int status, std::string_view reason = {},
                      std::string_view body = {});
  // The ITL histogram (ns) of the endpoint's streams, created with its stream stats on first use.
  // The pointer stays valid until the next register_endpoint() or merge().
  hdr_histogram* stream_itl(endpoint_id id);
  // A stream's figures (besides its ITL gaps), once the response ended or failed.
  void record_stream(endpoint_id id, const stream_sample& s);
  // A request of a step with an slo: block, good when it met every limit.
  void record_goodput(endpoint_id id, bool good) {
    auto& e = stats_.endpoints.at(id);
    ++e.slo_requests;
    e.good += good ? 1 : 0;
  }
  // A 429 answer (rate limited): counted in requests, rate_limited and status 429 only (not a
  // failure, not in the latency histograms or the time series).
  void record_rate_limited(endpoint_id id);
  // Open model: a start taken from the schedule (late: sent later than intended), counted in the second
  // it was scheduled for (so the series is the schedule itself); and starts skipped, in the current second.
  void record_scheduled(clock_source::time_point intended, bool late);
  void record_dropped(std::uint64_t n = 1);
  // A virtual user created (closed model: spawned; open model: a new connection slot).
  void record_user_started() { stats_.load.add(second_of(clock_.now()), load_series::field::users_started); }

  // The interval since the previous call (or construction), then starts a new one.
  interval_stats snapshot_and_reset_interval();

  // Each endpoint's cumulative figures so far (for a live view, once a second): O(endpoints x
  // histogram size), a copy of each endpoint's latency histogram; not for the request path.
  std::vector<endpoint_progress> endpoint_totals() const;

  // A copy of everything recorded so far, with the current (unfinished) second included in the series.
  run_stats snapshot() const;
  // Adds another recorder's data (endpoints matched by name; unknown names are appended and registered).
  void merge(const stats_recorder& other);

 private:
  struct current_second {
    std::uint64_t requests = 0;
    std::uint64_t failures = 0;
    hdr_histogram latency;
  };
  void note(endpoint_id id, std::chrono::nanoseconds latency, bool failed);
  void roll_to(std::int64_t second);
  std::int64_t second_of(clock_source::time_point t) const;

  const clock_source& clock_;
  clock_source::time_point run_start_;
  run_stats stats_;
  std::vector<current_second> current_;  // per endpoint, the second being filled
  std::int64_t current_second_ = 0;
  interval_stats interval_;
  clock_source::time_point interval_start_;
};

}  // namespace ragbench::loadgen
