// Rendering live_metrics as Prometheus text: one HELP/TYPE block per family, then its samples.
#include "loadgen/live/prometheus_text.hpp"

#include <cstdio>

namespace ragbench::loadgen {
namespace {

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

class writer {
 public:
  void family(const char* name, const char* type, const char* help) {
    out_.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out_.append("# TYPE ").append(name).append(" ").append(type).append("\n");
  }
  // name{endpoint="..."[,extra]} value
  void sample(std::string_view name, std::string_view endpoint, std::string_view extra_labels, const std::string& value) {
    out_.append(name);
    if (!endpoint.empty() || !extra_labels.empty()) {
      out_.append("{");
      if (!endpoint.empty()) out_.append("endpoint=\"").append(escape_label_value(endpoint)).append("\"");
      if (!endpoint.empty() && !extra_labels.empty()) out_.append(",");
      out_.append(extra_labels).append("}");
    }
    out_.append(" ").append(value).append("\n");
  }
  void sample(std::string_view name, std::string_view endpoint, std::uint64_t value) {
    sample(name, endpoint, {}, std::to_string(value));
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

}  // namespace

std::string escape_label_value(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string prometheus_text(const live_metrics& m) {
  writer w;
  w.family("loadgen_requests_total", "counter", "Requests sent by loadgen and ended (answered or failed), by endpoint; 429 answers included.");
  for (const auto& e : m.endpoints) w.sample("loadgen_requests_total", e.name, e.requests);
  w.family("loadgen_request_failures_total", "counter", "Failed requests by endpoint.");
  for (const auto& e : m.endpoints) w.sample("loadgen_request_failures_total", e.name, e.failures);
  w.family("loadgen_request_errors_total", "counter", "Failed requests by endpoint and error kind (the kinds seen so far).");
  for (const auto& e : m.endpoints)
    for (auto kind : all_error_kinds) {
      const auto n = e.errors[static_cast<std::size_t>(kind)];
      if (n != 0) w.sample("loadgen_request_errors_total", e.name, "kind=\"" + std::string(to_string(kind)) + "\"", std::to_string(n));
    }
  w.family("loadgen_rate_limited_total", "counter", "429 answers by endpoint (counted in requests, not in failures).");
  for (const auto& e : m.endpoints) w.sample("loadgen_rate_limited_total", e.name, e.rate_limited);
  w.family("loadgen_request_duration_seconds", "histogram",
           "Request latency from the intended start, by endpoint (429 answers excluded).");
  for (const auto& e : m.endpoints) {
    for (std::size_t i = 0; i < latency_bucket_bounds_s.size(); ++i)
      w.sample("loadgen_request_duration_seconds_bucket", e.name, "le=\"" + number(latency_bucket_bounds_s[i]) + "\"",
               std::to_string(e.latency_buckets[i]));
    w.sample("loadgen_request_duration_seconds_bucket", e.name, "le=\"+Inf\"", std::to_string(e.latency_count));
    w.sample("loadgen_request_duration_seconds_sum", e.name, {}, number(e.latency_sum_s));
    w.sample("loadgen_request_duration_seconds_count", e.name, e.latency_count);
  }
  w.family("loadgen_users", "gauge", "Virtual users: started so far (closed model) or in the pool (open model).");
  w.sample("loadgen_users", {}, m.users);
  w.family("loadgen_arrival_rate", "gauge", "Open model: the arrivals per second the schedule asks for now (0 in the closed model).");
  w.sample("loadgen_arrival_rate", {}, {}, number(m.arrival_rate_per_s));
  w.family("loadgen_late_starts_total", "counter", "Open model: starts sent later than intended.");
  w.sample("loadgen_late_starts_total", {}, m.late);
  w.family("loadgen_dropped_starts_total", "counter", "Open model: scheduled starts skipped (no user or connection free).");
  w.sample("loadgen_dropped_starts_total", {}, m.dropped);
  w.family("loadgen_elapsed_seconds", "gauge", "How long the load has run.");
  w.sample("loadgen_elapsed_seconds", {}, {}, number(m.elapsed_s));
  w.family("loadgen_planned_seconds", "gauge", "How long the load is planned to run.");
  w.sample("loadgen_planned_seconds", {}, {}, number(m.planned_s));
  w.family("loadgen_run_finished", "gauge", "1 once the load is over (the figures are then final), else 0.");
  w.sample("loadgen_run_finished", {}, m.finished ? 1u : 0u);
  return w.take();
}

}  // namespace ragbench::loadgen
