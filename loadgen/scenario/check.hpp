#pragma once
// Response check evaluation: a pure function the engine calls after each request.
#include <span>
#include <string>
#include <string_view>

#include "loadgen/scenario/capture.hpp"
#include "loadgen/scenario/scenario.hpp"

namespace ragbench::loadgen {

struct check_result {
  bool ok = true;
  std::string failure;   // first failed check, e.g. "status 500 not in [200]", "$.results[0] missing"
};

// Evaluates status, json and body_contains checks in that order; stops at the first failure.
// The body is parsed as JSON only when json checks exist. Cost O(body) at most.
check_result evaluate_checks(const checks& c, unsigned status, std::span<const header_field> headers,
                             std::string_view body);

}  // namespace ragbench::loadgen
