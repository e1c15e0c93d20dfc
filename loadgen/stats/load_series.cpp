// Per-second load counters: sparse points in second order, merged by second.
#include "loadgen/stats/load_series.hpp"

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "loadgen/stats/json_checks.hpp"

namespace ragbench::loadgen {

load_point& load_series::at(std::int64_t second) {
  if (points_.empty() || points_.back().second < second) {
    points_.push_back(load_point{.second = second});
    return points_.back();
  }
  if (points_.back().second == second) return points_.back();
  auto it = std::lower_bound(points_.begin(), points_.end(), second,
                             [](const load_point& p, std::int64_t s) { return p.second < s; });
  if (it != points_.end() && it->second == second) return *it;
  return *points_.insert(it, load_point{.second = second});
}

void load_series::add(std::int64_t second, field f, std::uint64_t n) {
  if (n == 0) return;
  load_point& p = at(second);
  switch (f) {
    case field::scheduled: p.scheduled += n; break;
    case field::late: p.late += n; break;
    case field::dropped: p.dropped += n; break;
    case field::users_started: p.users_started += n; break;
  }
}

void load_series::merge(const load_series& other, std::int64_t shift_s) {
  for (const auto& o : other.points_) {
    load_point& p = at(o.second + shift_s);
    p.scheduled += o.scheduled;
    p.late += o.late;
    p.dropped += o.dropped;
    p.users_started += o.users_started;
  }
}

nlohmann::json load_series::to_json() const {
  auto out = nlohmann::json::array();
  for (const auto& p : points_) out.push_back({p.second, p.scheduled, p.late, p.dropped, p.users_started});
  return out;
}

load_series load_series::from_json(const nlohmann::json& j, std::string_view where) {
  using json_checks::fail;
  const std::string at = std::string(where) + " load";
  if (!j.is_array()) fail(at, "expected an array of [second, scheduled, late, dropped, users_started]");
  load_series s;
  for (const auto& p : j) {
    if (!p.is_array() || p.size() != 5) fail(at, "each point must be [second, scheduled, late, dropped, users_started]");
    for (const auto& v : p) {
      if (!v.is_number_integer() || v.get<long long>() < 0) fail(at, "point values must be integers >= 0");
    }
    const auto second = p[0].get<std::int64_t>();
    if (!s.points_.empty() && s.points_.back().second >= second) fail(at, "seconds must increase");
    s.points_.push_back(load_point{second, p[1].get<std::uint64_t>(), p[2].get<std::uint64_t>(),
                                   p[3].get<std::uint64_t>(), p[4].get<std::uint64_t>()});
  }
  return s;
}

}  // namespace ragbench::loadgen
