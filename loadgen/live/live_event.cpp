// Live events: progress tick -> JSON line -> SSE frame.
#include "loadgen/live/live_event.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

namespace ragbench::loadgen {
namespace {

// To three decimals, as the nearest double (so the JSON shows "1.234", not "1.2340000000000002").
double round3(double v) { return std::round(v * 1000.0) / 1000.0; }
double seconds(std::chrono::nanoseconds d) { return round3(std::chrono::duration<double>(d).count()); }
double ms_at(const hdr_histogram& h, double q) {
  return h.empty() ? 0.0 : round3(static_cast<double>(h.value_at_percentile(q)) / 1e6);
}

}  // namespace

std::string to_json(const live_event& e) {
  nlohmann::ordered_json j;
  j["elapsed_s"] = e.elapsed_s;
  j["total_s"] = e.total_s;
  j["open_model"] = e.open_model;
  j["users"] = e.users;
  j["target_rate"] = e.target_rate;
  j["requests"] = e.requests;
  j["failures"] = e.failures;
  j["p50_ms"] = e.p50_ms;
  j["p95_ms"] = e.p95_ms;
  j["p99_ms"] = e.p99_ms;
  j["dropped"] = e.dropped;
  j["late"] = e.late;
  j["total_requests"] = e.total_requests;
  j["total_failures"] = e.total_failures;
  j["done"] = e.done;
  return j.dump();
}

std::string sse_frame(std::string_view data) {
  std::string out;
  out.reserve(data.size() + 8);
  out.append("data: ").append(data).append("\n\n");
  return out;
}

live_event live_event_builder::next(const progress_view& p) {
  total_requests_ += p.interval.requests;
  total_failures_ += p.interval.failures;
  seen_latency_.add(p.interval.latency);
  live_event e;
  e.elapsed_s = seconds(p.elapsed);
  e.total_s = seconds(p.total);
  e.open_model = p.open_model;
  e.users = p.users;
  e.target_rate = round3(p.target_rate_per_s);
  e.requests = p.interval.requests;
  e.failures = p.interval.failures;
  e.p50_ms = ms_at(p.interval.latency, 50);
  e.p95_ms = ms_at(p.interval.latency, 95);
  e.p99_ms = ms_at(p.interval.latency, 99);
  e.dropped = p.dropped;
  e.late = p.late;
  e.total_requests = total_requests_;
  e.total_failures = total_failures_;
  last_ = e;
  return e;
}

live_event live_event_builder::final_event(const run_result& run, std::chrono::nanoseconds elapsed) const {
  live_event e = last_;
  e.elapsed_s = seconds(elapsed);
  if (e.total_s == 0) e.total_s = e.elapsed_s;
  e.open_model = run.model == "open";
  e.target_rate = 0;
  // What ended after the last tick: the final histogram less the ticks' (both count every request
  // but the 429s, recorded by the same per-thread recorders).
  hdr_histogram rest;
  run.stats.aggregate().latency.for_each_bucket([&](const hdr_histogram::bucket& b) {
    const std::uint64_t seen = seen_latency_.count_at_index(b.index);
    if (b.count > seen) rest.record(b.lowest, b.count - seen);
  });
  e.requests = rest.count();
  e.failures = run.totals.failures > total_failures_ ? run.totals.failures - total_failures_ : 0;
  e.p50_ms = ms_at(rest, 50);
  e.p95_ms = ms_at(rest, 95);
  e.p99_ms = ms_at(rest, 99);
  e.dropped = run.totals.dropped;
  e.late = run.totals.late;
  e.total_requests = run.totals.requests;
  e.total_failures = run.totals.failures;
  e.done = true;
  return e;
}

}  // namespace ragbench::loadgen
