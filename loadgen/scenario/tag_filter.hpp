#pragma once
// Which tasks run, by tag (Locust's --tags / --exclude-tags): a step's `tags:` mark its task. With
// `include` tags, only tasks with a step carrying one of them run; `exclude` tags then remove tasks with a
// step carrying any of them. on_start steps always run (a login that every task needs).
#include <map>
#include <string>
#include <vector>

#include "loadgen/scenario/scenario.hpp"

namespace ragbench::loadgen {

// Removes the tasks the tags rule out (their weights go with them). Throws scenario_error naming the
// tags when a tag is on no step at all (a typo), or when no task is left.
void filter_tasks_by_tags(scenario& s, const std::vector<std::string>& include, const std::vector<std::string>& exclude);

// The reports' grouping: each tag of a step (on_start included) -> the endpoint names of the steps carrying
// it, each once, in scenario order. Empty when no step has tags.
std::map<std::string, std::vector<std::string>> endpoints_by_tag(const scenario& s);

}  // namespace ragbench::loadgen
