// What a capacity step measured, read from its run_result.
#include "loadgen/experiment/capacity_step.hpp"

#include <algorithm>
#include <cmath>

namespace ragbench::loadgen {
namespace {

bool is_on_start(const scenario& s, const std::string& name) {
  for (const auto& r : s.on_start)
    if (r.name == name) return true;
  return false;
}

// Task requests completed per second inside the measured window (whole seconds of the per-second
// series), so requests still draining after the schedule ended do not inflate a saturated step.
double completed_per_second(const run_result& run, const scenario& s) {
  const double warmup_s = s.warmup ? std::chrono::duration<double>(*s.warmup).count() : 0.0;
  const auto first = static_cast<std::int64_t>(std::ceil(warmup_s - 1e-9));
  const auto end = static_cast<std::int64_t>(std::floor(warmup_s + run.duration_s + 1e-6));
  std::uint64_t in_window = 0, all = 0;
  for (const auto& e : run.stats.endpoints) {
    if (is_on_start(s, e.name)) continue;
    all += e.requests;
    for (const auto& p : e.series.points())
      if (p.second >= first && p.second < end) in_window += p.requests;
  }
  if (end > first) return static_cast<double>(in_window) / static_cast<double>(end - first);
  return run.duration_s > 0 ? static_cast<double>(all) / run.duration_s : 0.0;
}

}  // namespace

double requests_per_iteration(const scenario& s) {
  double weighted = 0, total = 0;
  for (const auto& t : s.tasks) {
    weighted += t.weight * static_cast<double>(t.steps.size());
    total += t.weight;
  }
  return total > 0 ? weighted / total : 1.0;
}

std::vector<kpi> capacity_kpis(const std::vector<kpi>& kpis) {
  std::vector<kpi> out;
  for (const auto& k : kpis)
    if (k.metric != kpi_metric::rps && k.metric != kpi_metric::requests && k.metric != kpi_metric::output_tokens_per_s &&
        k.metric != kpi_metric::goodput_rps)
      out.push_back(k);
  return out;
}

scenario step_scenario(const scenario& s, double rate, std::chrono::nanoseconds duration,
                       std::chrono::nanoseconds warmup) {
  scenario copy = s;
  open_load o;
  o.arrival = arrival_kind::constant;
  o.rate_per_s = rate;
  o.duration = duration + warmup;
  copy.load.shape = o;
  if (warmup.count() > 0) copy.warmup = warmup;
  else copy.warmup.reset();
  return copy;
}

step_measurement measure_step(const run_result& run, const engine_outcome& outcome, const scenario& s, double rate) {
  step_measurement m;
  m.offered_rps = rate * requests_per_iteration(s);
  m.scheduled = outcome.scheduled;
  m.late = run.stats.late;
  m.dropped = run.stats.dropped;
  m.unreachable = outcome.target_unreachable;
  m.requests = run.totals.requests;
  m.failures = run.totals.failures;
  m.achieved_rps = completed_per_second(run, s);
  const endpoint_stats all = run.stats.aggregate();
  m.p50_ms = static_cast<double>(all.latency.value_at_percentile(50)) / 1e6;
  m.p95_ms = static_cast<double>(all.latency.value_at_percentile(95)) / 1e6;
  m.p99_ms = static_cast<double>(all.latency.value_at_percentile(99)) / 1e6;
  if (all.stream) {
    m.ttft_p99_ms = static_cast<double>(all.stream->ttft.value_at_percentile(99)) / 1e6;
    m.tpot_p99_ms = static_cast<double>(all.stream->tpot.value_at_percentile(99)) / 1e6;
  }
  if (all.slo_requests > 0) {
    m.goodput = static_cast<double>(all.good) / static_cast<double>(all.slo_requests);
    m.goodput_rps = run.duration_s > 0 ? static_cast<double>(all.good) / run.duration_s : 0.0;
  }
  for (const auto& k : run.kpis) {
    if (k.pass) continue;
    m.kpis_pass = false;
    m.failed_kpis.push_back(k.expr);
  }
  return m;
}

}  // namespace ragbench::loadgen
