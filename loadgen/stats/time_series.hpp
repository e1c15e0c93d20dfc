#pragma once
// A per-second time series of one endpoint: requests, failures and a compact latency histogram per second.
//
// Each second keeps only its non-empty buckets at a coarser resolution (32 sub-buckets per power of two,
// i.e. every 4 adjacent hdr_histogram buckets combined: <= 3.2 % bucket width, midpoint within 1.6 %), as
// (uint16 index, uint32 count) pairs, so an hour-long soak costs a few hundred bytes per second per
// endpoint. Seconds are counted from the run start shared by all threads, so series merge exactly.
// Thread-safety: none (one per thread, merge afterwards).
#include <cstdint>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/hdr_histogram.hpp"

namespace ragbench::loadgen {

struct time_series_point {
  std::int64_t second = 0;  // whole seconds since run start
  std::uint64_t requests = 0;
  std::uint64_t failures = 0;
  std::vector<std::pair<std::uint16_t, std::uint32_t>> latency;  // sparse coarse buckets, index order

  friend bool operator==(const time_series_point&, const time_series_point&) = default;
};

class time_series {
 public:
  static constexpr int coarse_shift = 2;  // coarse index = hdr index >> 2

  // Appends a finished second. `latency` is that second's full-resolution histogram. O(bucket_count).
  // Seconds must be appended in increasing order (a repeated second is merged into the last point).
  void append(std::int64_t second, std::uint64_t requests, std::uint64_t failures,
              const hdr_histogram& latency);
  // Exact merge by second.
  void merge(const time_series& other);
  // Moves every point `seconds` later (earlier when negative), e.g. to put a series whose run started
  // later than another's on the other's time axis before merge (loadgen merge).
  void shift(std::int64_t seconds);

  const std::vector<time_series_point>& points() const { return points_; }
  bool empty() const { return points_.empty(); }

  // Adds the latency of every point with second >= from_second into `out` (each coarse bucket recorded at
  // its midpoint) and returns {requests, failures} over the same seconds.
  std::pair<std::uint64_t, std::uint64_t> accumulate(std::int64_t from_second, hdr_histogram& out) const;

  // JSON: [[second, requests, failures, [[index,count],...]], ...]. from_json validates (throws
  // std::invalid_argument naming `where`).
  nlohmann::json to_json() const;
  static time_series from_json(const nlohmann::json& j, std::string_view where);

  friend bool operator==(const time_series&, const time_series&) = default;

 private:
  std::vector<time_series_point> points_;
};

}  // namespace ragbench::loadgen
