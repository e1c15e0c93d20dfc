// stats.csv in Locust's column layout, one row per endpoint, then the stream figures of endpoints
// with streams (one row each, Type = the figure's summary.json key), then the Aggregated row. A last
// column, Formula, says how each row's figures are computed.
#include "loadgen/report/stats_csv.hpp"

#include <sstream>

#include "loadgen/report/number_format.hpp"
#include "loadgen/report/stream_figures_table.hpp"

namespace ragbench::loadgen {
namespace {

constexpr const char* latency_formula = "latency: end of response − intended start (= send in the closed model) (ms)";

// One row of figures from `h` (values divided by `unit`): count, then Locust's time columns.
void row(std::ostringstream& out, std::string_view type, std::string_view name, const hdr_histogram& h,
         std::uint64_t count, std::uint64_t failures, double avg_size, double unit, double duration_s,
         std::string_view formula) {
  auto v = [&](double x) { return fixed(x / unit, 3); };
  auto p = [&](double q) { return v(static_cast<double>(h.value_at_percentile(q))); };
  const double secs = duration_s > 0 ? duration_s : 0.0;
  const double rps = secs > 0 ? static_cast<double>(count) / secs : 0.0;
  const double fps = secs > 0 ? static_cast<double>(failures) / secs : 0.0;
  out << csv_field(type) << ',' << csv_field(name) << ',' << count << ',' << failures << ',' << p(50) << ','
      << v(h.mean()) << ',' << v(static_cast<double>(h.min())) << ',' << v(static_cast<double>(h.max())) << ','
      << fixed(avg_size, 2) << ',' << fixed(rps, 3) << ',' << fixed(fps, 3);
  for (double q : {50.0, 66.0, 75.0, 80.0, 90.0, 95.0, 98.0, 99.0, 99.9, 99.99, 100.0}) out << ',' << p(q);
  out << ',' << csv_field(formula) << '\n';
}

void endpoint_row(std::ostringstream& out, const endpoint_stats& e, double duration_s) {
  const double avg_size = e.requests ? static_cast<double>(e.bytes_in) / static_cast<double>(e.requests) : 0.0;
  row(out, "", e.name, e.latency, e.requests, e.failures, avg_size, 1e6, duration_s, latency_formula);
}

}  // namespace

std::string render_stats_csv(const run_result& run) {
  std::ostringstream out;
  out << "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,"
         "Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,"
         "99.99%,100%,Formula\n";
  for (const auto& e : run.stats.endpoints) endpoint_row(out, e, run.duration_s);
  for (const auto& e : run.stats.endpoints) {
    if (!e.stream) continue;
    for (const auto& f : stream_figure_rows) {
      const hdr_histogram& h = (*e.stream).*f.histogram;
      row(out, f.key, e.name, h, h.count(), 0, 0.0, f.unit, run.duration_s,
          std::string(f.label) + ": " + f.formula + " (" + f.unit_name + ")");
    }
  }
  endpoint_row(out, run.stats.aggregate(), run.duration_s);
  return out.str();
}

std::string render_failures_csv(const run_result& run) {
  std::ostringstream out;
  out << "Method,Name,Error,Occurrences,Status,Sample\n";
  for (const auto& [endpoint, r] : top_failure_reasons(run, static_cast<std::size_t>(-1))) {
    out << ',' << csv_field(endpoint) << ',' << csv_field(r.reason) << ',' << r.count << ',' << r.status << ','
        << csv_field(r.sample) << '\n';
  }
  return out.str();
}

}  // namespace ragbench::loadgen
