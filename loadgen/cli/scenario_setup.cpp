// Scenario + profile + overrides + KPIs, validated together before a run.
#include "loadgen/cli/scenario_setup.hpp"

#include "loadgen/engine/session_factory.hpp"
#include "loadgen/scenario/scenario_error.hpp"
#include "loadgen/scenario/scenario_loader.hpp"

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
  if (target) apply_override(p.s, "target=" + *target);
  for (const auto& kv : sets) apply_override(p.s, kv);

  std::vector<std::string> errors;
  for (const auto& k : p.s.kpis) {
    auto parsed = parse_kpi(k.expr, k.endpoint);
    if (const auto* e = std::get_if<kpi_parse_error>(&parsed)) {
      errors.push_back(k.where.file + ":" + std::to_string(k.where.line) + ": kpi '" + k.expr + "': " + e->what());
      continue;
    }
    p.kpis.push_back(std::get<kpi>(parsed));
  }
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
