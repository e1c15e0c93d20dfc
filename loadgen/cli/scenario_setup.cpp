// Scenario + profile + overrides + KPIs, validated together before a run.
#include "loadgen/cli/scenario_setup.hpp"

#include <chrono>

#include "loadgen/engine/session_factory.hpp"
#include "loadgen/scenario/scenario_error.hpp"
#include "loadgen/scenario/scenario_loader.hpp"
#include "loadgen/scenario/setting_warnings.hpp"
#include "loadgen/scenario/tag_filter.hpp"

namespace ragbench::loadgen {
namespace {

// Why a server KPI cannot be judged by this run's scrape ("" when it can): nothing is scraped, or no
// selector produces a series of that name.
std::string server_kpi_problem(const kpi& k, const scrape_spec& scrape) {
  if (!scrape.enabled()) return "a server KPI needs the target's metrics: add --scrape URL or a scrape: block";
  const std::string base = server_series_base(k);
  std::string names;
  for (const auto& sel : effective_series(scrape)) {
    for (const auto& name : series_base_names(sel))
      if (name == base) return {};
    names += (names.empty() ? "" : ", ") + sel.name;
  }
  return "no scraped series is named '" + base + "' (the scrape keeps: " + names +
         "; histograms add _p50, _p95, ..., summaries _mean)";
}

}  // namespace

prepared_scenario prepare_scenario(const std::string& path, const std::optional<std::string>& profile,
                                   const std::optional<std::string>& target, const std::vector<std::string>& sets,
                                   const scenario_extras& extras) {
  // KPI syntax is checked while the file is validated, so its errors come with the file's others.
  auto check_kpi = [](const kpi_spec& k) {
    auto parsed = parse_kpi(k.expr, k.endpoint);
    const auto* e = std::get_if<kpi_parse_error>(&parsed);
    return e ? e->what() : std::string();
  };
  prepared_scenario p{extras.url ? parse_scenario(url_scenario_yaml(*extras.url), "command line", check_kpi)
                                 : load_scenario(path, check_kpi),
                      {}};
  for (const auto& text : extras.kpis) {  // --kpi 'p95 < 50ms' or --kpi 'search: p95 < 50ms'
    kpi_spec k{"all", text, {"--kpi", 0}};
    const auto colon = text.find(':');
    if (colon != std::string::npos && text.find_first_of("<>=") > colon) {
      k.endpoint = text.substr(0, colon);
      k.expr = text.substr(colon + 1);
      while (!k.expr.empty() && k.expr.front() == ' ') k.expr.erase(0, 1);
    }
    p.s.kpis.push_back(std::move(k));
  }
  filter_tasks_by_tags(p.s, extras.tags, extras.exclude_tags);
  if (profile) apply_profile(p.s, *profile);
  std::vector<std::string> overrides;
  if (target) overrides.push_back("target=" + *target);
  overrides.insert(overrides.end(), sets.begin(), sets.end());
  apply_overrides(p.s, overrides);

  std::vector<std::string> errors;
  for (const auto& text : extras.scrape_urls) {
    auto url = parse_scrape_url(text);
    if (const auto* why = std::get_if<std::string>(&url)) errors.push_back("--scrape " + text + ": " + *why);
    else p.s.scrape.urls.push_back(std::get<scrape_url>(url));
  }
  const auto load_duration = p.s.load.duration();
  for (const auto& k : p.s.kpis) {
    const std::string at = (k.where.line > 0 ? k.where.file + ":" + std::to_string(k.where.line) : k.where.file) +
                           ": kpi '" + k.expr + "': ";
    auto parsed = parse_kpi(k.expr, k.endpoint);
    if (const auto* e = std::get_if<kpi_parse_error>(&parsed)) {
      errors.push_back(at + e->what());
      continue;
    }
    const kpi& parsed_kpi = std::get<kpi>(parsed);
    if (parsed_kpi.metric == kpi_metric::server_series) {
      if (auto why = server_kpi_problem(parsed_kpi, p.s.scrape); !why.empty()) {
        errors.push_back(at + why);
        continue;
      }
    }
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
