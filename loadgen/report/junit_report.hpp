#pragma once
// junit.xml: one <testcase> per KPI (a <failure> with value vs threshold when it failed), plus one for
// the generator's validity, so CI systems show KPI results as tests.
#include <string>

#include "loadgen/report/run_result.hpp"

namespace ragbench::loadgen {

std::string render_junit(const run_result& run);

}  // namespace ragbench::loadgen
