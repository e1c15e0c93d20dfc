// Task selection by tags (see tag_filter.hpp).
#include "loadgen/scenario/tag_filter.hpp"

#include <algorithm>

#include "loadgen/scenario/scenario_error.hpp"

namespace ragbench::loadgen {
namespace {

bool has_any(const task& t, const std::vector<std::string>& tags) {
  for (const auto& step : t.steps) {
    for (const auto& tag : step.tags) {
      if (std::find(tags.begin(), tags.end(), tag) != tags.end()) return true;
    }
  }
  return false;
}

}  // namespace

void filter_tasks_by_tags(scenario& s, const std::vector<std::string>& include, const std::vector<std::string>& exclude) {
  if (include.empty() && exclude.empty()) return;
  std::vector<std::string> known;
  for (const auto& t : s.tasks) {
    for (const auto& step : t.steps) known.insert(known.end(), step.tags.begin(), step.tags.end());
  }
  std::vector<std::string> errors;
  for (const auto* list : {&include, &exclude}) {
    for (const auto& tag : *list) {
      if (std::find(known.begin(), known.end(), tag) != known.end()) continue;
      std::string all;
      for (const auto& k : known) {
        if (all.find("'" + k + "'") == std::string::npos) all += (all.empty() ? "'" : ", '") + k + "'";
      }
      errors.push_back(s.file + ": no step has the tag '" + tag + "' (" + (all.empty() ? "no step has tags" : "tags: " + all) + ")");
    }
  }
  if (!errors.empty()) throw scenario_error(errors);
  auto ruled_out = [&](const task& t) { return (!include.empty() && !has_any(t, include)) || has_any(t, exclude); };
  if (std::all_of(s.tasks.begin(), s.tasks.end(), ruled_out)) {
    throw scenario_error(s.file + ": the tags leave no task to run");
  }
  std::erase_if(s.tasks, ruled_out);
}

std::map<std::string, std::vector<std::string>> endpoints_by_tag(const scenario& s) {
  std::map<std::string, std::vector<std::string>> out;
  auto add = [&](const request_spec& step) {
    for (const auto& tag : step.tags) {
      auto& names = out[tag];
      if (std::find(names.begin(), names.end(), step.name) == names.end()) names.push_back(step.name);
    }
  };
  for (const auto& step : s.on_start) add(step);
  for (const auto& t : s.tasks) {
    for (const auto& step : t.steps) add(step);
  }
  return out;
}

}  // namespace ragbench::loadgen
