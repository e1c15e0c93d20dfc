// summary.json writer: schema ragbench.loadgen.summary/v1 (see docs/loadgen-results.md).
#include "loadgen/report/summary_json.hpp"

#include <string>

#include "loadgen/report/number_format.hpp"

namespace ragbench::loadgen {
namespace {

nlohmann::json latency_ms(const hdr_histogram& h) {
  auto ms = [](double ns) { return rounded(ns_to_ms(ns), 3); };
  auto p = [&](double q) { return ms(static_cast<double>(h.value_at_percentile(q))); };
  return {{"min", ms(static_cast<double>(h.min()))}, {"mean", ms(h.mean())}, {"p50", p(50)},
          {"p90", p(90)}, {"p95", p(95)}, {"p99", p(99)}, {"p999", p(99.9)},
          {"max", ms(static_cast<double>(h.max()))}};
}

nlohmann::json endpoint_summary(const endpoint_stats& e, double duration_s) {
  nlohmann::json errors = nlohmann::json::object();
  for (auto k : all_error_kinds) {
    if (e.error_count(k) != 0) errors[std::string(to_string(k))] = e.error_count(k);
  }
  nlohmann::json status = nlohmann::json::object();
  for (auto [code, n] : e.status_counts) status[std::to_string(code)] = n;
  const double rps = duration_s > 0 ? static_cast<double>(e.requests) / duration_s : 0.0;
  return {{"requests", e.requests},          {"failures", e.failures},
          {"rate_limited", e.rate_limited},
          {"rps", rounded(rps, 3)},          {"bytes_out", e.bytes_out},
          {"bytes_in", e.bytes_in},          {"errors", errors},
          {"status", status},                {"latency_ms", latency_ms(e.latency)},
          {"service_time_ms", latency_ms(e.service_time)}};
}

}  // namespace

nlohmann::json interruption_json(const run_interruption& i) {
  return {{"signal", i.signal}, {"at", i.at}, {"after_s", rounded(i.after_s, 3)}, {"planned_s", rounded(i.planned_s, 3)}};
}

nlohmann::json to_summary_json(const run_result& run) {
  nlohmann::json endpoints = nlohmann::json::object();
  for (const auto& e : run.stats.endpoints) endpoints[e.name] = endpoint_summary(e, run.duration_s);
  nlohmann::json kpis = nlohmann::json::array();
  for (const auto& k : run.kpis) {
    nlohmann::json item = {{"expr", k.expr},   {"value", rounded(k.value, 3)}, {"threshold", k.threshold},
                           {"unit", k.unit},   {"pass", k.pass}};
    if (!k.message.empty()) item["message"] = k.message;
    kpis.push_back(item);
  }
  nlohmann::json settings = nlohmann::json::object();
  for (const auto& [key, v] : run.settings) settings[key] = v;
  nlohmann::json out = {{"schema", summary_schema},
          {"scenario", run.scenario},
          {"started_at", run.started_at},
          {"duration_s", rounded(run.duration_s, 3)},
          {"model", run.model},
          {"target", run.target},
          {"settings", settings},
          {"totals",
           {{"requests", run.totals.requests},
            {"failures", run.totals.failures},
            {"rate_limited", run.totals.rate_limited},
            {"rps", rounded(run.totals.rps, 3)},
            {"dropped", run.totals.dropped},
            {"late", run.totals.late}}},
          {"generator", {{"valid", run.generator_valid}, {"reason", run.generator_reason}}},
          {"endpoints", endpoints},
          {"aggregated", endpoint_summary(run.stats.aggregate(), run.duration_s)},
          {"kpis", kpis},
          {"verdict", run.verdict},
          {"verdict_reason", run.verdict_reason}};
  if (run.interrupted) out["interrupted"] = interruption_json(*run.interrupted);
  if (run.machine) out["machine"] = run.machine->to_json();
  return out;
}

}  // namespace ragbench::loadgen
