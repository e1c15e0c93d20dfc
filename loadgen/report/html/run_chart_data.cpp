// report.html's chart data from a run_result: per-second series, percentile curves, counts, server series.
#include "loadgen/report/html/run_chart_data.hpp"

#include <algorithm>
#include <cmath>

#include "loadgen/report/html/percentile_curve.hpp"
#include "loadgen/report/number_format.hpp"

namespace ragbench::loadgen {
namespace {

double ms(double ns) { return rounded(ns / 1e6, 3); }

// One series over the dense seconds [0, seconds): requests, failures and p50/p95/p99 per second.
nlohmann::json series_json(const endpoint_stats& e, std::int64_t seconds) {
  auto requests = nlohmann::json::array(), failures = nlohmann::json::array();
  auto p50 = nlohmann::json::array(), p95 = nlohmann::json::array(), p99 = nlohmann::json::array();
  const auto& points = e.series.points();
  auto it = points.begin();
  for (std::int64_t s = 0; s < seconds; ++s) {
    while (it != points.end() && it->second < s) ++it;
    if (it == points.end() || it->second != s || it->latency.empty()) {
      const bool any = it != points.end() && it->second == s;
      requests.push_back(any ? it->requests : 0);
      failures.push_back(any ? it->failures : 0);
      for (auto* p : {&p50, &p95, &p99}) p->push_back(nullptr);
      continue;
    }
    requests.push_back(it->requests);
    failures.push_back(it->failures);
    p50.push_back(ms(coarse_percentile_ns(it->latency, 50)));
    p95.push_back(ms(coarse_percentile_ns(it->latency, 95)));
    p99.push_back(ms(coarse_percentile_ns(it->latency, 99)));
  }
  return {{"name", e.name}, {"requests", requests}, {"failures", failures}, {"p50", p50},
          {"p95", p95},     {"p99", p99},           {"curve", percentile_curve(e.latency)}};
}

nlohmann::json endpoint_json(const endpoint_stats& e, std::int64_t seconds) {
  nlohmann::json j = series_json(e, seconds);
  nlohmann::json status = nlohmann::json::object(), errors = nlohmann::json::object();
  for (auto [code, n] : e.status_counts) status[code == 0 ? "no response" : std::to_string(code)] = n;
  for (auto k : all_error_kinds)
    if (e.error_count(k) != 0) errors[std::string(to_string(k))] = e.error_count(k);
  j["status"] = status;
  j["errors"] = errors;
  if (e.stream) {
    j["stream"] = {{"ttft", percentile_curve(e.stream->ttft)},
                   {"itl", percentile_curve(e.stream->itl)},
                   {"tpot", percentile_curve(e.stream->tpot)}};
  }
  return j;
}

nlohmann::json server_json(const server_metrics& m) {
  auto series = nlohmann::json::array();
  for (const auto& s : m.series) {
    auto points = nlohmann::json::array();
    for (auto [t, v] : s.points) points.push_back({rounded(t, 3), std::isfinite(v) ? nlohmann::json(rounded(v, 6)) : nlohmann::json(nullptr)});
    series.push_back({{"name", s.name}, {"unit", s.unit}, {"points", points}});
  }
  return {{"sources", m.sources}, {"interval_s", m.interval_s}, {"scrapes", m.scrapes},
          {"failed_scrapes", m.failed_scrapes}, {"series", series}};
}

}  // namespace

double coarse_percentile_ns(const std::vector<std::pair<std::uint16_t, std::uint32_t>>& buckets, double q) {
  if (buckets.empty()) return 0;
  std::uint64_t total = 0;
  for (auto [c, n] : buckets) total += n;
  const auto rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(q / 100.0 * static_cast<double>(total))));
  std::uint64_t seen = 0;
  std::uint16_t at = buckets.back().first;
  for (auto [c, n] : buckets) {
    seen += n;
    if (seen >= rank) {
      at = c;
      break;
    }
  }
  const std::size_t lo = std::size_t{at} << time_series::coarse_shift;
  const std::size_t hi = lo + (std::size_t{1} << time_series::coarse_shift) - 1;
  const auto low = hdr_histogram::lowest_value_of(lo);
  return static_cast<double>(low + (hdr_histogram::highest_value_of(hi) - low) / 2);
}

namespace {

// The load applied per second, dense over [0, seconds): starts scheduled, late and dropped, and the
// virtual users started so far (a running total). Counts after the last second (the starts dropped when
// the load phase ended) are shown in the last second.
nlohmann::json load_json(const load_series& load, std::int64_t seconds) {
  std::vector<std::uint64_t> scheduled(seconds), late(seconds), dropped(seconds), users(seconds);
  for (const auto& p : load.points()) {
    if (p.second < 0 || seconds == 0) continue;
    const auto s = static_cast<std::size_t>(std::min(p.second, seconds - 1));
    scheduled[s] += p.scheduled;
    late[s] += p.late;
    dropped[s] += p.dropped;
    users[s] += p.users_started;
  }
  for (std::size_t s = 1; s < users.size(); ++s) users[s] += users[s - 1];
  return {{"scheduled", scheduled}, {"late", late}, {"dropped", dropped}, {"users", users}};
}

}  // namespace

nlohmann::json run_chart_data(const run_result& run) {
  std::int64_t seconds = 0;
  for (const auto& e : run.stats.endpoints)
    if (!e.series.empty()) seconds = std::max(seconds, e.series.points().back().second + 1);
  if (seconds == 0 && !run.stats.load.empty()) seconds = run.stats.load.points().back().second + 1;  // no request
  double x_max = std::max(run.duration_s, static_cast<double>(seconds));
  if (run.server)
    for (const auto& s : run.server->series)
      if (!s.points.empty()) x_max = std::max(x_max, s.points.back().first);
  auto secs = nlohmann::json::array();
  for (std::int64_t s = 1; s <= seconds; ++s) secs.push_back(s);
  auto endpoints = nlohmann::json::array();
  for (const auto& e : run.stats.endpoints) endpoints.push_back(endpoint_json(e, seconds));
  return {{"x_max", std::ceil(x_max)},
          {"model", run.model},
          {"seconds", secs},
          {"load", run.stats.load.empty() ? nlohmann::json(nullptr) : load_json(run.stats.load, seconds)},
          {"all", series_json(run.stats.aggregate(), seconds)},
          {"endpoints", endpoints},
          {"server", run.server ? server_json(*run.server) : nlohmann::json(nullptr)}};
}

}  // namespace ragbench::loadgen
