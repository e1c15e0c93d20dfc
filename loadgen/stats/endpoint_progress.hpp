#pragma once
// The cumulative figures of one endpoint since the run started, as a live view needs them once a
// second (loadgen run --metrics-listen): requests, failures by kind, 429s and the latency histogram.
// A small subset of endpoint_stats (no time series, statuses or reasons), so taking it is cheap:
// O(histogram size) per endpoint, about 45 KiB copied. Taken on the worker thread at the engine's
// once-a-second tick and merged on the controlling thread, never on the request path.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "common/hdr_histogram.hpp"
#include "loadgen/stats/endpoint_stats.hpp"
#include "loadgen/stats/error_kind.hpp"

namespace ragbench::loadgen {

struct endpoint_progress {
  std::string name;
  std::uint64_t requests = 0;      // every attempt, as endpoint_stats::requests (429s included)
  std::uint64_t failures = 0;      // as endpoint_stats::failures
  std::uint64_t rate_limited = 0;  // 429 answers (not failures, not in `latency`)
  std::array<std::uint64_t, error_kind_count> errors{};  // indexed by error_kind
  hdr_histogram latency;           // ns, from the intended start; every request but the 429s

  // The figures of `e` (its name, counters and latency histogram).
  static endpoint_progress of(const endpoint_stats& e);
  // Adds `other` (names are not checked).
  void merge(const endpoint_progress& other);
};

// Adds `from` into `into`, endpoint by endpoint matched by name (unknown names are appended).
void merge_endpoint_progress(std::vector<endpoint_progress>& into, const std::vector<endpoint_progress>& from);

}  // namespace ragbench::loadgen
