#pragma once
// Fault injection for front-end development (--inject-latency, --inject-errors): a decorator on the
// /v1 routes that delays the answer (a timer on the connection's executor, no thread held) and/or
// answers a share of requests 503 `injected_fault`, per route pattern or for every /v1 route, so a
// front end's loading and error states can be exercised against a real server. /health*, /metrics
// and /openapi.json are never touched.
#include <chrono>
#include <string>
#include <vector>

#include "server/http/router.hpp"

namespace ragbench::server {

struct injected_latency {
  std::string route;  // a registered route pattern, or empty for every /v1 route
  std::chrono::nanoseconds min{0}, max{0};  // uniform in [min, max]
};
struct injected_errors {
  std::string route;  // as above
  double fraction = 0;  // 0..1
};

// Wraps the matching routes (call after every route was added). The first matching item of each
// list applies (a route-specific item before a catch-all one, whatever the order given). Throws
// std::invalid_argument naming a route that is not a registered /v1 pattern. An injected error is
// decided first, then the delay applies to the error and to the real answer alike. Thread-safe:
// per-thread random generators.
void add_fault_injection(router& r, const std::vector<injected_latency>& latencies,
                         const std::vector<injected_errors>& errors);

}  // namespace ragbench::server
