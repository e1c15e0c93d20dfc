// Per-second time series with coarse sparse histograms (4 hdr buckets per coarse bucket).
#include "loadgen/stats/time_series.hpp"

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "loadgen/stats/json_checks.hpp"

namespace ragbench::loadgen {
namespace {

constexpr std::size_t coarse_count = hdr_histogram::bucket_count() >> time_series::coarse_shift;

using sparse = std::vector<std::pair<std::uint16_t, std::uint32_t>>;

sparse merge_sparse(const sparse& a, const sparse& b) {
  sparse out;
  out.reserve(a.size() + b.size());
  std::size_t i = 0, k = 0;
  while (i < a.size() || k < b.size()) {
    if (k == b.size() || (i < a.size() && a[i].first < b[k].first)) {
      out.push_back(a[i++]);
    } else if (i == a.size() || b[k].first < a[i].first) {
      out.push_back(b[k++]);
    } else {
      out.emplace_back(a[i].first, a[i].second + b[k].second);
      ++i;
      ++k;
    }
  }
  return out;
}

void merge_point(time_series_point& into, const time_series_point& p) {
  into.requests += p.requests;
  into.failures += p.failures;
  into.latency = merge_sparse(into.latency, p.latency);
}

}  // namespace

void time_series::append(std::int64_t second, std::uint64_t requests, std::uint64_t failures,
                         const hdr_histogram& latency) {
  time_series_point p{second, requests, failures, {}};
  latency.for_each_bucket([&](const hdr_histogram::bucket& b) {
    const auto c = static_cast<std::uint16_t>(b.index >> coarse_shift);
    if (!p.latency.empty() && p.latency.back().first == c) {
      p.latency.back().second += static_cast<std::uint32_t>(b.count);
    } else {
      p.latency.emplace_back(c, static_cast<std::uint32_t>(b.count));
    }
  });
  if (!points_.empty() && points_.back().second >= second) {
    time_series single;
    single.points_.push_back(std::move(p));
    merge(single);
    return;
  }
  points_.push_back(std::move(p));
}

void time_series::merge(const time_series& other) {
  std::vector<time_series_point> out;
  out.reserve(points_.size() + other.points_.size());
  std::size_t i = 0, k = 0;
  const auto& b = other.points_;
  while (i < points_.size() || k < b.size()) {
    if (k == b.size() || (i < points_.size() && points_[i].second < b[k].second)) {
      out.push_back(std::move(points_[i++]));
    } else if (i == points_.size() || b[k].second < points_[i].second) {
      out.push_back(b[k++]);
    } else {
      out.push_back(std::move(points_[i++]));
      merge_point(out.back(), b[k++]);
    }
  }
  points_ = std::move(out);
}

void time_series::shift(std::int64_t seconds) {
  for (auto& p : points_) p.second += seconds;
}

std::pair<std::uint64_t, std::uint64_t> time_series::accumulate(std::int64_t from_second,
                                                                 hdr_histogram& out) const {
  std::uint64_t requests = 0, failures = 0;
  for (const auto& p : points_) {
    if (p.second < from_second) continue;
    requests += p.requests;
    failures += p.failures;
    for (auto [c, n] : p.latency) {
      const std::size_t lo = std::size_t{c} << coarse_shift;
      const std::size_t hi = lo + (std::size_t{1} << coarse_shift) - 1;
      const auto low = hdr_histogram::lowest_value_of(lo);
      out.record(low + (hdr_histogram::highest_value_of(hi) - low) / 2, n);
    }
  }
  return {requests, failures};
}

nlohmann::json time_series::to_json() const {
  auto arr = nlohmann::json::array();
  for (const auto& p : points_) {
    auto buckets = nlohmann::json::array();
    for (auto [c, n] : p.latency) buckets.push_back({c, n});
    arr.push_back({p.second, p.requests, p.failures, buckets});
  }
  return arr;
}

time_series time_series::from_json(const nlohmann::json& j, std::string_view where) {
  using namespace json_checks;
  if (!j.is_array()) fail(where, "time series must be an array of [second, requests, failures, buckets]");
  time_series ts;
  for (std::size_t n = 0; n < j.size(); ++n) {
    const auto& e = j[n];
    const std::string at = "time series point #" + std::to_string(n);
    if (!e.is_array() || e.size() != 4 || !e[3].is_array()) {
      fail(where, at + " must be [second, requests, failures, [[index, count], ...]]");
    }
    time_series_point p;
    p.second = static_cast<std::int64_t>(as_u64(e[0], where, at + " second"));
    p.requests = as_u64(e[1], where, at + " requests");
    p.failures = as_u64(e[2], where, at + " failures");
    if (p.failures > p.requests) fail(where, at + " has more failures than requests");
    if (!ts.points_.empty() && ts.points_.back().second >= p.second) fail(where, at + " is out of order");
    std::uint64_t total = 0;
    for (const auto& b : e[3]) {
      if (!b.is_array() || b.size() != 2) fail(where, at + " has a bucket that is not [index, count]");
      const auto c = as_u64(b[0], where, at + " bucket index");
      const auto cnt = as_u64(b[1], where, at + " bucket count");
      if (c >= coarse_count) fail(where, at + " has bucket index " + std::to_string(c) + " out of range");
      if (!p.latency.empty() && p.latency.back().first >= c) fail(where, at + " has buckets out of order");
      if (cnt == 0 || cnt > 0xffffffffu) fail(where, at + " has a bucket count out of range");
      p.latency.emplace_back(static_cast<std::uint16_t>(c), static_cast<std::uint32_t>(cnt));
      total += cnt;
    }
    if (total != p.requests) fail(where, at + " bucket counts do not add up to its requests");
    ts.points_.push_back(std::move(p));
  }
  return ts;
}

}  // namespace ragbench::loadgen
