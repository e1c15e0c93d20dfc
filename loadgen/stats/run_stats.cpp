// The aggregate of a run's statistics: merge by endpoint name, JSON form.
#include "loadgen/stats/run_stats.hpp"

#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "loadgen/stats/json_checks.hpp"

namespace ragbench::loadgen {

void run_stats::merge(const run_stats& other) {
  dropped += other.dropped;
  late += other.late;
  load.merge(other.load);
  for (const auto& e : other.endpoints) {
    bool found = false;
    for (auto& mine : endpoints) {
      if (mine.name == e.name) {
        mine.merge(e);
        found = true;
        break;
      }
    }
    if (!found) endpoints.push_back(e);
  }
}

const endpoint_stats* run_stats::find(std::string_view name) const {
  for (const auto& e : endpoints) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

endpoint_stats run_stats::aggregate() const {
  endpoint_stats all;
  all.name = "Aggregated";
  for (const auto& e : endpoints) all.merge(e);
  return all;
}

nlohmann::json run_stats::to_json() const {
  auto eps = nlohmann::json::array();
  for (const auto& e : endpoints) eps.push_back(e.to_json());
  nlohmann::json out = {{"dropped", dropped}, {"late", late}, {"endpoints", eps}};
  if (!load.empty()) out["load"] = load.to_json();
  return out;
}

run_stats run_stats::from_json(const nlohmann::json& j, std::string_view where) {
  using namespace json_checks;
  run_stats s;
  s.dropped = get_u64(j, "dropped", where);
  s.late = get_u64(j, "late", where);
  if (j.contains("load")) s.load = load_series::from_json(j["load"], where);
  const auto& eps = member(j, "endpoints", where);
  if (!eps.is_array()) fail(where, "\"endpoints\" must be an array");
  std::set<std::string> names;
  for (const auto& e : eps) {
    s.endpoints.push_back(endpoint_stats::from_json(e, where));
    if (!names.insert(s.endpoints.back().name).second) {
      fail(where, "endpoint \"" + s.endpoints.back().name + "\" appears twice");
    }
  }
  return s;
}

}  // namespace ragbench::loadgen
