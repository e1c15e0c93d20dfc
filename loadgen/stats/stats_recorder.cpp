// Per-thread recording: O(1) per request, second roll-over compacts into the time series.
#include "loadgen/stats/stats_recorder.hpp"

#include <algorithm>
#include <stdexcept>

namespace ragbench::loadgen {

void interval_stats::merge(const interval_stats& other) {
  elapsed = std::max(elapsed, other.elapsed);
  requests += other.requests;
  failures += other.failures;
  latency.add(other.latency);
}

double interval_stats::rps() const {
  const double s = std::chrono::duration<double>(elapsed).count();
  return s > 0 ? static_cast<double>(requests) / s : 0.0;
}

double interval_stats::latency_ms_at(double percentile) const {
  return static_cast<double>(latency.value_at_percentile(percentile)) / 1e6;
}

stats_recorder::stats_recorder(const clock_source& clock, clock_source::time_point run_start)
    : clock_(clock), run_start_(run_start), interval_start_(clock.now()) {
  current_second_ = second_of(interval_start_);
}

std::int64_t stats_recorder::second_of(clock_source::time_point t) const {
  if (t < run_start_) return 0;
  return std::chrono::duration_cast<std::chrono::seconds>(t - run_start_).count();
}

endpoint_id stats_recorder::register_endpoint(std::string_view name) {
  for (std::size_t i = 0; i < stats_.endpoints.size(); ++i) {
    if (stats_.endpoints[i].name == name) return static_cast<endpoint_id>(i);
  }
  stats_.endpoints.emplace_back();
  stats_.endpoints.back().name = std::string(name);
  current_.emplace_back();
  return static_cast<endpoint_id>(stats_.endpoints.size() - 1);
}

void stats_recorder::record_scheduled(clock_source::time_point intended, bool late) {
  const auto second = second_of(intended);
  stats_.load.add(second, load_series::field::scheduled);
  if (!late) return;
  ++stats_.late;
  stats_.load.add(second, load_series::field::late);
}

void stats_recorder::record_dropped(std::uint64_t n) {
  stats_.dropped += n;
  stats_.load.add(second_of(clock_.now()), load_series::field::dropped, n);
}

void stats_recorder::roll_to(std::int64_t second) {
  for (std::size_t i = 0; i < current_.size(); ++i) {
    auto& c = current_[i];
    if (c.requests == 0) continue;
    stats_.endpoints[i].series.append(current_second_, c.requests, c.failures, c.latency);
    c.requests = 0;
    c.failures = 0;
    c.latency.reset();
  }
  current_second_ = second;
}

void stats_recorder::note(endpoint_id id, std::chrono::nanoseconds latency, bool failed) {
  const auto second = second_of(clock_.now());
  if (second > current_second_) roll_to(second);
  auto& c = current_[id];
  ++c.requests;
  c.failures += failed ? 1 : 0;
  c.latency.record(latency);
  ++interval_.requests;
  interval_.failures += failed ? 1 : 0;
  interval_.latency.record(latency);
}

void stats_recorder::record_success(endpoint_id id, std::chrono::nanoseconds latency,
                                    std::chrono::nanoseconds service_time, int status, std::uint64_t bytes_out,
                                    std::uint64_t bytes_in) {
  auto& e = stats_.endpoints.at(id);
  ++e.requests;
  e.bytes_out += bytes_out;
  e.bytes_in += bytes_in;
  e.latency.record(latency);
  e.service_time.record(service_time);
  ++e.status_counts[status];
  note(id, latency, false);
}

void stats_recorder::record_failure(endpoint_id id, error_kind kind, std::chrono::nanoseconds latency,
                                    std::chrono::nanoseconds service_time, int status, std::string_view reason,
                                    std::string_view body) {
  auto& e = stats_.endpoints.at(id);
  e.reasons.add(reason.empty() ? to_string(kind) : reason, status, body);
  ++e.requests;
  ++e.failures;
  ++e.errors[static_cast<std::size_t>(kind)];
  e.latency.record(latency);
  e.service_time.record(service_time);
  ++e.status_counts[status];
  note(id, latency, true);
}

hdr_histogram* stats_recorder::stream_itl(endpoint_id id) {
  auto& e = stats_.endpoints.at(id);
  if (!e.stream) e.stream.emplace();
  return &e.stream->itl;
}

void stats_recorder::record_stream(endpoint_id id, const stream_sample& s) {
  auto& e = stats_.endpoints.at(id);
  if (!e.stream) e.stream.emplace();
  stream_stats& st = *e.stream;
  ++st.streams;
  st.cut += s.cut ? 1 : 0;
  st.events += s.events;
  st.tokens += s.tokens;
  st.usage_streams += s.from_usage ? 1 : 0;
  if (s.headers) st.headers.record(*s.headers);
  if (s.ttft) st.ttft.record(*s.ttft);
  if (s.ttft_service) st.ttft_service.record(*s.ttft_service);
  if (s.tpot) st.tpot.record(*s.tpot);
  if (s.e2e) st.e2e.record(*s.e2e);
  if (s.e2e_service) st.e2e_service.record(*s.e2e_service);
  if (s.tokens_per_s) st.rate.record(static_cast<std::uint64_t>(*s.tokens_per_s * 1000.0 + 0.5));
}

void stats_recorder::record_rate_limited(endpoint_id id) {
  auto& e = stats_.endpoints.at(id);
  ++e.requests;
  ++e.rate_limited;
  ++e.status_counts[429];
}

interval_stats stats_recorder::snapshot_and_reset_interval() {
  const auto now = clock_.now();
  interval_stats out = interval_;
  out.elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(now - interval_start_);
  interval_.requests = 0;
  interval_.failures = 0;
  interval_.latency.reset();
  interval_start_ = now;
  return out;
}

std::vector<endpoint_progress> stats_recorder::endpoint_totals() const {
  std::vector<endpoint_progress> out;
  out.reserve(stats_.endpoints.size());
  for (const auto& e : stats_.endpoints) out.push_back(endpoint_progress::of(e));
  return out;
}

run_stats stats_recorder::snapshot() const {
  run_stats out = stats_;
  for (std::size_t i = 0; i < current_.size(); ++i) {
    const auto& c = current_[i];
    if (c.requests != 0) out.endpoints[i].series.append(current_second_, c.requests, c.failures, c.latency);
  }
  return out;
}

void stats_recorder::merge(const stats_recorder& other) {
  // Seal our unfinished second so the other's sealed data merges by second without loss.
  roll_to(current_second_);
  const run_stats theirs = other.snapshot();
  stats_.merge(theirs);
  for (const auto& e : theirs.endpoints) register_endpoint(e.name);
  current_.resize(stats_.endpoints.size());
}

}  // namespace ragbench::loadgen
