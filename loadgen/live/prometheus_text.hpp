#pragma once
// live_metrics in the Prometheus text exposition format (version 0.0.4), as GET /metrics serves it.
// Metric names (a stable interface, documented in docs/loadgen-live.md):
//   loadgen_requests_total{endpoint}                  counter  every attempt (429 answers included)
//   loadgen_request_failures_total{endpoint}          counter  failed requests
//   loadgen_request_errors_total{endpoint,kind}       counter  failed requests by error kind (kinds seen)
//   loadgen_rate_limited_total{endpoint}              counter  429 answers (not failures)
//   loadgen_request_duration_seconds{endpoint,le}     histogram latency from the intended start
//   loadgen_users                                     gauge    virtual users (closed: started so far)
//   loadgen_arrival_rate                              gauge    open model: arrivals/s the schedule asks for
//   loadgen_late_starts_total, loadgen_dropped_starts_total  counter  open model
//   loadgen_elapsed_seconds, loadgen_planned_seconds  gauge    the load's progress
//   loadgen_run_finished                              gauge    1 once the load is over
// Every family has HELP and TYPE lines; label values are escaped (\\, \", \n). Pure.
#include <string>
#include <string_view>

#include "loadgen/live/live_metrics.hpp"

namespace ragbench::loadgen {

// The media type GET /metrics answers with.
inline constexpr const char* prometheus_content_type = "text/plain; version=0.0.4; charset=utf-8";

std::string prometheus_text(const live_metrics& m);
// A label value escaped for the exposition format: backslash, double quote and newline.
std::string escape_label_value(std::string_view v);

}  // namespace ragbench::loadgen
