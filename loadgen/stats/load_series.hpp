#pragma once
// The load the generator applied, per second of the run: starts scheduled (open model: the arrival
// rate), starts sent late, starts dropped, and virtual users started. report.html draws it beside the
// latency; `merge` adds segments' series second by second.
//
// One point per second that had any of these (seconds since the run start shared by every thread, as in
// time_series). Appending costs O(1) amortised; seconds must not go backwards by more than the last point
// (a late count for an earlier second is added to the last point).
// Thread-safety: none (one per thread, merge afterwards).
#include <cstdint>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace ragbench::loadgen {

struct load_point {
  std::int64_t second = 0;
  std::uint64_t scheduled = 0;      // open model: starts taken from the schedule this second
  std::uint64_t late = 0;           // of those, sent later than intended
  std::uint64_t dropped = 0;        // starts skipped (no free user or connection, or the drain)
  std::uint64_t users_started = 0;  // virtual users created this second

  friend bool operator==(const load_point&, const load_point&) = default;
};

class load_series {
 public:
  enum class field { scheduled, late, dropped, users_started };

  void add(std::int64_t second, field f, std::uint64_t n = 1);
  // Exact merge by second. `shift_s` moves the other's seconds (a segment that started later).
  void merge(const load_series& other, std::int64_t shift_s = 0);

  const std::vector<load_point>& points() const { return points_; }
  bool empty() const { return points_.empty(); }

  // JSON: [[second, scheduled, late, dropped, users_started], ...]; from_json validates (throws
  // std::invalid_argument naming `where`).
  nlohmann::json to_json() const;
  static load_series from_json(const nlohmann::json& j, std::string_view where);

  friend bool operator==(const load_series&, const load_series&) = default;

 private:
  load_point& at(std::int64_t second);
  std::vector<load_point> points_;
};

}  // namespace ragbench::loadgen
