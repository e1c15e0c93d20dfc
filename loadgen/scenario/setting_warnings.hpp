#pragma once
// Settings a scenario carries that would do nothing in the run as configured — after its profile and any
// --set overrides, since those can change the load model: a think time (`wait:`) under an open model, and
// `load.max_connections` under a closed one. Never silent: `validate` and `run` print each as a warning.
#include <string>
#include <vector>

#include "loadgen/scenario/scenario.hpp"

namespace ragbench::loadgen {

// One line per ineffective setting, "WHERE: SETTING: why it does nothing, and what to do instead";
// empty when every setting takes effect. Not on any hot path.
std::vector<std::string> ineffective_settings(const scenario& s);

}  // namespace ragbench::loadgen
