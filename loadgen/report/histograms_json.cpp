// histograms.json: the complete run_result, so results can be re-rendered and merged later.
#include "loadgen/report/histograms_json.hpp"

#include <string>

#include "loadgen/report/summary_json.hpp"
#include "loadgen/stats/json_checks.hpp"

namespace ragbench::loadgen {

nlohmann::json to_histograms_json(const run_result& run) {
  nlohmann::json settings = nlohmann::json::object();
  for (const auto& [k, v] : run.settings) settings[k] = v;
  nlohmann::json kpis = nlohmann::json::array();
  for (const auto& k : run.kpis) {
    kpis.push_back({{"expr", k.expr}, {"value", k.value}, {"threshold", k.threshold}, {"unit", k.unit},
                    {"pass", k.pass}, {"message", k.message}});
  }
  nlohmann::json out = {{"schema", histograms_schema},
          {"scenario", run.scenario},
          {"started_at", run.started_at},
          {"duration_s", run.duration_s},
          {"model", run.model},
          {"target", run.target},
          {"settings", settings},
          {"generator", {{"valid", run.generator_valid}, {"reason", run.generator_reason}}},
          {"kpis", kpis},
          {"verdict", run.verdict},
          {"verdict_reason", run.verdict_reason},
          {"interrupted", run.interrupted ? interruption_json(*run.interrupted) : nlohmann::json(nullptr)},
          {"stats", run.stats.to_json()}};
  if (run.machine) out["machine"] = run.machine->to_json();
  if (run.segment) out["segment"] = segment_json(*run.segment);
  if (!run.tags.empty()) out["tags"] = run.tags;
  return out;
}

run_result run_result_from_histograms_json(const nlohmann::json& j, std::string_view where) {
  using namespace json_checks;
  if (!j.is_object()) fail(where, "expected a JSON object");
  if (get_string(j, "schema", where) != histograms_schema) {
    fail(where, std::string("\"schema\" must be \"") + histograms_schema + "\"");
  }
  run_result r;
  r.scenario = get_string(j, "scenario", where);
  r.started_at = get_string(j, "started_at", where);
  r.duration_s = get_number(j, "duration_s", where);
  if (!(r.duration_s >= 0)) fail(where, "\"duration_s\" must be >= 0");
  r.model = get_string(j, "model", where);
  if (r.model != "closed" && r.model != "open") fail(where, "\"model\" must be \"closed\" or \"open\"");
  r.target = get_string(j, "target", where);
  const auto& settings = member(j, "settings", where);
  if (!settings.is_object()) fail(where, "\"settings\" must be an object of strings");
  for (const auto& [k, v] : settings.items()) {
    if (!v.is_string()) fail(where, "setting \"" + k + "\" must be a string");
    r.settings[k] = v.get<std::string>();
  }
  const auto& gen = member(j, "generator", where);
  const auto& valid = member(gen, "valid", where);
  if (!valid.is_boolean()) fail(where, "\"generator.valid\" must be true or false");
  r.generator_valid = valid.get<bool>();
  r.generator_reason = get_string(gen, "reason", where);
  const auto& kpis = member(j, "kpis", where);
  if (!kpis.is_array()) fail(where, "\"kpis\" must be an array");
  for (std::size_t n = 0; n < kpis.size(); ++n) {
    const std::string at = std::string(where) + " kpi #" + std::to_string(n);
    const auto& k = kpis[n];
    kpi_result res;
    res.expr = get_string(k, "expr", at);
    res.value = get_number(k, "value", at);
    res.threshold = get_number(k, "threshold", at);
    res.unit = get_string(k, "unit", at);
    const auto& pass = member(k, "pass", at);
    if (!pass.is_boolean()) fail(at, "\"pass\" must be true or false");
    res.pass = pass.get<bool>();
    res.message = get_string(k, "message", at);
    r.kpis.push_back(std::move(res));
  }
  r.verdict = get_string(j, "verdict", where);
  if (r.verdict != "pass" && r.verdict != "fail" && r.verdict != "interrupted")
    fail(where, "\"verdict\" must be \"pass\", \"fail\" or \"interrupted\"");
  // Added within v1 (absent in older files): the reason and the interruption.
  if (j.contains("verdict_reason")) r.verdict_reason = get_string(j, "verdict_reason", where);
  if (j.contains("interrupted") && !j["interrupted"].is_null()) {
    const auto& i = j["interrupted"];
    const std::string at = std::string(where) + " interrupted";
    if (!i.is_object()) fail(at, "expected an object or null");
    run_interruption x;
    x.signal = get_string(i, "signal", at);
    x.at = get_string(i, "at", at);
    x.after_s = get_number(i, "after_s", at);
    x.planned_s = get_number(i, "planned_s", at);
    r.interrupted = x;
  }
  if (r.verdict == "interrupted" && !r.interrupted) fail(where, "verdict \"interrupted\" needs an \"interrupted\" object");
  if (j.contains("machine")) r.machine = machine_fingerprint::from_json(j["machine"], where);  // optional
  if (j.contains("segment")) r.segment = segment_from_json(j["segment"], where);            // optional
  if (j.contains("tags")) {  // optional: absent without tagged steps (and in older files)
    const auto& tags = j["tags"];
    if (!tags.is_object()) fail(where, "\"tags\" must be an object of string arrays");
    for (const auto& [tag, names] : tags.items()) {
      if (!names.is_array()) fail(where, "tag \"" + tag + "\" must list endpoint names");
      for (const auto& n : names) {
        if (!n.is_string()) fail(where, "tag \"" + tag + "\" must list endpoint names (strings)");
        r.tags[tag].push_back(n.get<std::string>());
      }
    }
  }
  r.stats = run_stats::from_json(member(j, "stats", where), where);
  compute_totals(r);
  return r;
}

}  // namespace ragbench::loadgen
