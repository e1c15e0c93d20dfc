#pragma once
// capacity.html, written by `loadgen capacity` beside capacity.json and capacity.md: the plan, per search
// (one, or one per server thread count) its summary and step table, and charts (assets/capacity.js):
// p50/p95/p99 against the achieved throughput of each step with the knee marked, achieved against
// offered rate, and the Universal Scalability Law fit (measured points and the fitted curve X(N), its
// peak) when there is one. Self-contained like report.html (loadgen/report/html/). Deterministic.
#include <string>

#include "loadgen/experiment/capacity_report.hpp"

namespace ragbench::loadgen {

std::string render_capacity_html(const capacity_report& r);

}  // namespace ragbench::loadgen
