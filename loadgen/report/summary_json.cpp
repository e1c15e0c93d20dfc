// summary.json writer: schema ragbench.loadgen.summary/v1 (see docs/loadgen-results.md).
#include "loadgen/report/summary_json.hpp"

#include <string>

#include "loadgen/report/number_format.hpp"
#include "loadgen/report/server_metrics_json.hpp"
#include "loadgen/stats/json_checks.hpp"

namespace ragbench::loadgen {
namespace {

// min, mean, p50 ... max of a histogram, each value divided by `unit` and rounded to 3 decimals.
nlohmann::json distribution(const hdr_histogram& h, double unit) {
  auto v = [&](double x) { return rounded(x / unit, 3); };
  auto p = [&](double q) { return v(static_cast<double>(h.value_at_percentile(q))); };
  return {{"min", v(static_cast<double>(h.min()))}, {"mean", v(h.mean())}, {"p50", p(50)},
          {"p90", p(90)}, {"p95", p(95)}, {"p99", p(99)}, {"p999", p(99.9)},
          {"max", v(static_cast<double>(h.max()))}};
}

nlohmann::json latency_ms(const hdr_histogram& h) { return distribution(h, 1e6); }

nlohmann::json stream_summary(const stream_stats& s, double duration_s) {
  const double per_event = s.events ? static_cast<double>(s.tokens) / static_cast<double>(s.events) : 0.0;
  const double per_s = duration_s > 0 ? static_cast<double>(s.tokens) / duration_s : 0.0;
  return {{"streams", s.streams},
          {"cut", s.cut},
          {"events", s.events},
          {"tokens", s.tokens},
          {"usage_streams", s.usage_streams},
          {"tokens_per_event", rounded(per_event, 3)},
          {"output_tokens_per_s", rounded(per_s, 3)},
          {"headers_ms", latency_ms(s.headers)},
          {"ttft_ms", latency_ms(s.ttft)},
          {"ttft_service_ms", latency_ms(s.ttft_service)},
          {"itl_ms", latency_ms(s.itl)},
          {"tpot_ms", latency_ms(s.tpot)},
          {"e2e_ms", latency_ms(s.e2e)},
          {"e2e_service_ms", latency_ms(s.e2e_service)},
          {"stream_tokens_per_s", distribution(s.rate, 1000.0)}};
}

nlohmann::json endpoint_summary(const endpoint_stats& e, double duration_s) {
  nlohmann::json errors = nlohmann::json::object();
  for (auto k : all_error_kinds) {
    if (e.error_count(k) != 0) errors[std::string(to_string(k))] = e.error_count(k);
  }
  nlohmann::json status = nlohmann::json::object();
  for (auto [code, n] : e.status_counts) status[std::to_string(code)] = n;
  const double rps = duration_s > 0 ? static_cast<double>(e.requests) / duration_s : 0.0;
  nlohmann::json j = {{"requests", e.requests},          {"failures", e.failures},
                      {"rate_limited", e.rate_limited},
                      {"rps", rounded(rps, 3)},          {"bytes_out", e.bytes_out},
                      {"bytes_in", e.bytes_in},          {"errors", errors},
                      {"status", status},                {"latency_ms", latency_ms(e.latency)},
                      {"service_time_ms", latency_ms(e.service_time)}};
  if (e.stream) j["stream"] = stream_summary(*e.stream, duration_s);
  if (e.slo_requests != 0) {
    j["goodput"] = rounded(static_cast<double>(e.good) / static_cast<double>(e.slo_requests), 6);
    j["goodput_rps"] = rounded(duration_s > 0 ? static_cast<double>(e.good) / duration_s : 0.0, 3);
    j["goodput_requests"] = e.slo_requests;
  }
  if (!e.reasons.empty()) j["failure_reasons"] = e.reasons.to_json();
  return j;
}

}  // namespace

nlohmann::json interruption_json(const run_interruption& i) {
  return {{"signal", i.signal}, {"at", i.at}, {"after_s", rounded(i.after_s, 3)}, {"planned_s", rounded(i.planned_s, 3)}};
}

nlohmann::json segment_json(const run_segment& s) {
  nlohmann::json out = {{"index", s.index}, {"count", s.count}, {"run_id", s.run_id}, {"scenario_hash", s.scenario_hash},
                         {"started_unix_ms", s.started_unix_ms}};
  if (!s.merged_from.empty()) out["merged_from"] = s.merged_from;
  return out;
}

run_segment segment_from_json(const nlohmann::json& j, std::string_view where) {
  using namespace json_checks;
  const std::string at = std::string(where) + " segment";
  if (!j.is_object()) fail(at, "expected an object");
  run_segment s;
  const double count = get_number(j, "count", at);
  const double index = get_number(j, "index", at);
  if (!(count >= 1 && count <= 100000 && count == static_cast<int>(count))) fail(at, "\"count\" must be an integer from 1 to 100000");
  if (!(index >= 0 && index < count && index == static_cast<int>(index))) fail(at, "\"index\" must be an integer from 0 to count - 1");
  s.count = static_cast<int>(count);
  s.index = static_cast<int>(index);
  s.run_id = get_string(j, "run_id", at);
  s.scenario_hash = get_string(j, "scenario_hash", at);
  const double started = get_number(j, "started_unix_ms", at);
  if (!(started >= 0 && started < 1e15)) fail(at, "\"started_unix_ms\" must be a time in ms since the epoch");
  s.started_unix_ms = static_cast<std::int64_t>(started);
  if (j.contains("merged_from")) {
    const auto& m = j["merged_from"];
    if (!m.is_array()) fail(at, "\"merged_from\" must be an array of segment indexes");
    for (const auto& v : m) {
      if (!v.is_number_integer() || v.get<long long>() < 0 || v.get<long long>() >= s.count)
        fail(at, "\"merged_from\" must hold segment indexes from 0 to count - 1");
      s.merged_from.push_back(v.get<int>());
    }
  }
  return s;
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
  if (run.segment) out["segment"] = segment_json(*run.segment);
  if (!run.tags.empty()) {
    nlohmann::json tags = nlohmann::json::object();
    for (const auto& group : tag_groups(run)) {
      nlohmann::json g = endpoint_summary(group, run.duration_s);
      g["endpoints"] = run.tags.at(group.name);
      tags[group.name] = std::move(g);
    }
    out["tags"] = std::move(tags);
  }
  if (run.server) out["server"] = server_summary_json(*run.server);
  return out;
}

}  // namespace ragbench::loadgen
