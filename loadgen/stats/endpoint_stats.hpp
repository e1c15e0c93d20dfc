#pragma once
// Everything recorded for one endpoint name: latency and service-time histograms, counts by status code
// and error kind, bytes, requests, failures, a per-second time series, the stream measurements of its
// text/event-stream responses (when it had any) and its goodput counts (when its step has an slo:
// block). Merges exactly.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "common/hdr_histogram.hpp"
#include "loadgen/stats/error_kind.hpp"
#include "loadgen/stats/failure_reasons.hpp"
#include "loadgen/stats/stream_stats.hpp"
#include "loadgen/stats/time_series.hpp"

namespace ragbench::loadgen {

struct endpoint_stats {
  std::string name;
  std::uint64_t requests = 0;   // every attempt, successful or not
  std::uint64_t failures = 0;   // attempts recorded with record_failure
  // 429 answers (rate limited): counted in requests and status, never in failures, latency,
  // service_time or the time series (a refusal in microseconds would flatter the percentiles).
  std::uint64_t rate_limited = 0;
  std::uint64_t bytes_out = 0;  // request bytes sent (successes)
  std::uint64_t bytes_in = 0;   // response bytes received (successes)
  hdr_histogram latency;        // ns, from the intended start (open model) or the send (closed model)
  hdr_histogram service_time;   // ns, from the actual send to the end of the response
  std::map<int, std::uint64_t> status_counts;             // HTTP status -> count (0 = no response)
  std::array<std::uint64_t, error_kind_count> errors{};   // indexed by error_kind
  time_series series;
  std::optional<stream_stats> stream;  // set once a response of this endpoint was parsed as a stream
  std::uint64_t slo_requests = 0;       // requests judged against their step's slo: block (all of them)
  std::uint64_t good = 0;               // ... of which met every limit (goodput = good / slo_requests)
  failure_reasons reasons;              // why the failures failed: count and first sample per reason

  std::uint64_t error_count(error_kind k) const { return errors[static_cast<std::size_t>(k)]; }

  // Exact merge of another endpoint's stats (names are not checked).
  void merge(const endpoint_stats& other);

  // Full form for histograms.json; from_json validates and throws std::invalid_argument naming `where`.
  nlohmann::json to_json() const;
  static endpoint_stats from_json(const nlohmann::json& j, std::string_view where);

  friend bool operator==(const endpoint_stats&, const endpoint_stats&) = default;
};

}  // namespace ragbench::loadgen
