#pragma once
// The merged statistics of a run (or of one thread so far): endpoints by name plus the generator's own
// counters. This is the aggregate type threads, processes and machines merge into; merge is exact.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "loadgen/stats/endpoint_stats.hpp"
#include "loadgen/stats/load_series.hpp"

namespace ragbench::loadgen {

struct run_stats {
  std::vector<endpoint_stats> endpoints;  // in registration order (merge appends unknown names)
  std::uint64_t dropped = 0;  // open model: scheduled starts skipped because no user/connection was free
  std::uint64_t late = 0;     // open model: starts sent later than intended (beyond the lateness bound)
  load_series load;           // per second: starts scheduled, late and dropped, users started

  // Adds `other` endpoint by endpoint (matched by name) and adds the counters.
  void merge(const run_stats& other);
  // nullptr when there is no such endpoint.
  const endpoint_stats* find(std::string_view name) const;
  // All endpoints merged into one, named "Aggregated".
  endpoint_stats aggregate() const;

  // {"dropped":..,"late":..,"load":load_series (when not empty),"endpoints":[endpoint_stats::to_json()...]};
  // from_json validates ("load" is optional: absent in older files).
  nlohmann::json to_json() const;
  static run_stats from_json(const nlohmann::json& j, std::string_view where);

  friend bool operator==(const run_stats&, const run_stats&) = default;
};

}  // namespace ragbench::loadgen
