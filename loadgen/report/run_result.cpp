// Totals, KPI evaluation and the verdict of a run.
#include "loadgen/report/run_result.hpp"

#include <chrono>
#include <ctime>

namespace ragbench::loadgen {

void compute_totals(run_result& run) {
  run_totals t;
  for (const auto& e : run.stats.endpoints) {
    t.requests += e.requests;
    t.failures += e.failures;
  }
  t.rps = run.duration_s > 0 ? static_cast<double>(t.requests) / run.duration_s : 0.0;
  t.dropped = run.stats.dropped;
  t.late = run.stats.late;
  run.totals = t;
}

void evaluate_kpis(run_result& run, const std::vector<kpi>& kpis) {
  run.kpis.clear();
  bool all_pass = true;
  for (const auto& k : kpis) {
    run.kpis.push_back(evaluate_kpi(k, run));
    all_pass = all_pass && run.kpis.back().pass;
  }
  run.verdict = all_pass ? "pass" : "fail";
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
