// Scenario + profile + overrides + KPIs, validated together before a run.
#include "loadgen/cli/scenario_setup.hpp"

#include <chrono>

#include "loadgen/engine/session_factory.hpp"
#include "loadgen/scenario/scenario_error.hpp"
#include "loadgen/scenario/scenario_loader.hpp"
#include "loadgen/scenario/setting_warnings.hpp"

namespace ragbench::loadgen {

prepared_scenario prepare_scenario(const std::string& path, const std::optional<std::string>& profile,
                                   const std::optional<std::string>& target, const std::vector<std::string>& sets) {
  // KPI syntax is checked while the file is validated, so its errors come with the file's others.
  auto check_kpi = [](const kpi_spec& k) {
    auto parsed = parse_kpi(k.expr, k.endpoint);
    const auto* e = std::get_if<kpi_parse_error>(&parsed);
    return e ? e->what() : std::string();
  };
  prepared_scenario p{load_scenario(path, check_kpi), {}};
  if (profile) apply_profile(p.s, *profile);
  std::vector<std::string> overrides;
  if (target) overrides.push_back("target=" + *target);
  overrides.insert(overrides.end(), sets.begin(), sets.end());
  apply_overrides(p.s, overrides);

  std::vector<std::string> errors;
  const auto load_duration = std::visit([](const auto& l) { return l.duration; }, p.s.load.shape);
  for (const auto& k : p.s.kpis) {
    const std::string at = k.where.file + ":" + std::to_string(k.where.line) + ": kpi '" + k.expr + "': ";
    auto parsed = parse_kpi(k.expr, k.endpoint);
    if (const auto* e = std::get_if<kpi_parse_error>(&parsed)) {
      errors.push_back(at + e->what());
      continue;
    }
    const kpi& parsed_kpi = std::get<kpi>(parsed);
    // `after` counts from the start of the load: at or past its end nothing is left to judge.
    if (parsed_kpi.after_s && *parsed_kpi.after_s >= std::chrono::duration<double>(load_duration).count()) {
      errors.push_back(at + "'after' leaves nothing of the load (" + describe_load(p.s.load) +
                       "); shorten it or lengthen the load");
      continue;
    }
    p.kpis.push_back(parsed_kpi);
  }
  p.warnings = ineffective_settings(p.s);
  try {
    check_protocol_supported(p.s.protocol);
  } catch (const std::invalid_argument& e) {
    errors.push_back(p.s.file + ": " + e.what());
  }
  if (p.s.tasks.empty()) errors.push_back(p.s.file + ": the scenario has no tasks");
  if (!errors.empty()) throw scenario_error(errors);
  return p;
}

}  // namespace ragbench::loadgen
