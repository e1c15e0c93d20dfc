// Totals, KPI evaluation and the verdict of a run.
#include "loadgen/report/run_result.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace ragbench::loadgen {

void compute_totals(run_result& run) {
  run_totals t;
  for (const auto& e : run.stats.endpoints) {
    t.requests += e.requests;
    t.failures += e.failures;
    t.rate_limited += e.rate_limited;
  }
  t.rps = run.duration_s > 0 ? static_cast<double>(t.requests) / run.duration_s : 0.0;
  t.dropped = run.stats.dropped;
  t.late = run.stats.late;
  run.totals = t;
}

std::vector<endpoint_stats> tag_groups(const run_result& run) {
  std::vector<endpoint_stats> out;
  for (const auto& [tag, names] : run.tags) {
    endpoint_stats group;
    for (const auto& name : names) {
      if (const auto* e = run.stats.find(name)) group.merge(*e);
    }
    group.name = tag;
    out.push_back(std::move(group));
  }
  return out;
}

std::vector<std::pair<std::string, failure_reason>> top_failure_reasons(const run_result& run, std::size_t n) {
  std::vector<std::pair<std::string, failure_reason>> all;
  for (const auto& e : run.stats.endpoints) {
    for (const auto& r : e.reasons.items()) all.emplace_back(e.name, r);
  }
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.second.count > b.second.count; });
  if (all.size() > n) all.resize(n);
  return all;
}

namespace {

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// Why a KPI result failed, for the verdict's reason.
std::string failure_text(const kpi_result& r) {
  if (!r.message.empty()) return r.expr + ": " + r.message;
  return r.expr + ": measured " + number(r.value) + r.unit;
}

}  // namespace

void evaluate_kpis(run_result& run, const std::vector<kpi>& kpis, const verdict_rules& rules) {
  run.kpis.clear();
  for (const auto& k : kpis) run.kpis.push_back(evaluate_kpi(k, run));
  std::optional<double> bound = rules.max_error_rate_pct;
  if (!bound && kpis.empty()) bound = rules.default_max_error_rate_pct;
  if (bound) {
    kpi k;
    k.endpoint = "all";
    k.text = "error_rate <= " + number(*bound) + "% (max_error_rate)";
    k.metric = kpi_metric::error_rate;
    k.op = kpi_op::le;
    k.threshold = *bound;
    run.kpis.push_back(evaluate_kpi(k, run));
  }
  run.verdict = "pass";
  run.verdict_reason.clear();
  for (const auto& r : run.kpis) {
    if (r.pass) continue;
    run.verdict = "fail";
    run.verdict_reason = "KPI failed: " + failure_text(r);
    break;
  }
}

void mark_interrupted(run_result& run, const run_interruption& why) {
  run.interrupted = why;
  run.verdict = "interrupted";
  char buf[224];
  const std::string by = why.signal == "web" ? "a stop from the web view (POST /stop)" : why.signal;
  std::snprintf(buf, sizeof buf, "interrupted by %s after %.1f s of %.1f s (at %s); the results cover only that part",
                by.c_str(), why.after_s, why.planned_s, why.at.c_str());
  run.verdict_reason = buf;
}

std::string iso8601_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace ragbench::loadgen
