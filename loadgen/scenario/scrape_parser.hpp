#pragma once
// Parsing of the `scrape:` block (scenario files, profiles, `--set scrape=...`):
//   scrape: http://127.0.0.1:8080/metrics            # one URL, the default interval and series
//   scrape:
//     urls: [http://127.0.0.1:8080/metrics]          # a URL or a list (at most 16); may be empty when
//                                                    # the URLs come from --scrape
//     interval: 1s                                   # 100ms .. 1h (default 1s)
//     series:                                        # default: the ragserver series
//       - defaults                                   # keep the ragserver series too
//       - process_open_fds                           # a family by its name
//       - {name: hit_ratio, metric: cache_requests_total, by: [tier], ratio_of: {result: hit}}
//       - {name: ttft, metric: llm_time_to_first_token_seconds, quantiles: [0.5, 0.99]}
//       - {name: in_use, metric: pool_connections, match: {state: in_use}, by: [pool], unit: ""}
// Every problem is recorded in the reader as "FILE:LINE: scrape.FIELD: what is wrong".
#include <optional>
#include <string>

#include <yaml-cpp/yaml.h>

#include "loadgen/scenario/scrape_spec.hpp"
#include "loadgen/scenario/yaml_reader.hpp"

namespace ragbench::loadgen {

// nullopt after recording errors in `r`. `field` names the block in messages ("scrape").
std::optional<scrape_spec> parse_scrape(yaml_reader& r, const YAML::Node& n, const std::string& field = "scrape");

// The series names two selectors would both produce ("" when none): names must be unique.
std::string duplicate_series_name(const std::vector<series_selector>& selectors);

}  // namespace ragbench::loadgen
