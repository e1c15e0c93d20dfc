#pragma once
// Everything between the command line and the engine: load the scenario, apply the profile, the
// --target and --set overrides (in that order), add the --scrape URLs, and parse the KPIs (a KPI
// whose `after` leaves nothing of the run's duration is an error; a `server:` KPI needs a scrape URL
// and a series name the scrape can produce). All problems are reported
// before any traffic as scenario_error lines "FILE:LINE: what is wrong".
#include <optional>
#include <string>
#include <vector>

#include "loadgen/report/kpi.hpp"
#include "loadgen/scenario/scenario.hpp"
#include "loadgen/scenario/url_scenario.hpp"

namespace ragbench::loadgen {

struct prepared_scenario {
  scenario s;
  std::vector<kpi> kpis;
  // Settings that would do nothing in this run (loadgen/scenario/setting_warnings.hpp): printed by
  // validate and run, never silent.
  std::vector<std::string> warnings;
};

// What the command line adds besides the profile and overrides.
struct scenario_extras {
  std::optional<url_request> url;         // `run URL`: the scenario is built from it (path is the URL)
  std::vector<std::string> kpis;          // --kpi: "EXPR" (for all) or "ENDPOINT: EXPR"
  std::vector<std::string> tags, exclude_tags;  // --tags / --exclude-tags (loadgen/scenario/tag_filter.hpp)
  std::vector<std::string> scrape_urls;   // --scrape URL: added to the scenario's (or profile's) scrape URLs
};

prepared_scenario prepare_scenario(const std::string& path, const std::optional<std::string>& profile,
                                   const std::optional<std::string>& target, const std::vector<std::string>& sets,
                                   const scenario_extras& extras = {});

}  // namespace ragbench::loadgen
