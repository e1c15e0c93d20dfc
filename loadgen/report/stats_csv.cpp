// stats.csv in Locust's column layout, one row per endpoint and an Aggregated row.
#include "loadgen/report/stats_csv.hpp"

#include <sstream>

#include "loadgen/report/number_format.hpp"

namespace ragbench::loadgen {
namespace {

void row(std::ostringstream& out, std::string_view type, const endpoint_stats& e, double duration_s) {
  const auto& h = e.latency;
  auto ms = [](double ns) { return fixed(ns_to_ms(ns), 3); };
  auto p = [&](double q) { return ms(static_cast<double>(h.value_at_percentile(q))); };
  const double secs = duration_s > 0 ? duration_s : 0.0;
  const double rps = secs > 0 ? static_cast<double>(e.requests) / secs : 0.0;
  const double fps = secs > 0 ? static_cast<double>(e.failures) / secs : 0.0;
  const double avg_size = e.requests ? static_cast<double>(e.bytes_in) / static_cast<double>(e.requests) : 0.0;
  out << csv_field(type) << ',' << csv_field(e.name) << ',' << e.requests << ',' << e.failures << ',' << p(50)
      << ',' << ms(h.mean()) << ',' << ms(static_cast<double>(h.min())) << ',' << ms(static_cast<double>(h.max()))
      << ',' << fixed(avg_size, 2) << ',' << fixed(rps, 3) << ',' << fixed(fps, 3);
  for (double q : {50.0, 66.0, 75.0, 80.0, 90.0, 95.0, 98.0, 99.0, 99.9, 99.99, 100.0}) out << ',' << p(q);
  out << '\n';
}

}  // namespace

std::string render_stats_csv(const run_result& run) {
  std::ostringstream out;
  out << "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,"
         "Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,"
         "99.99%,100%\n";
  for (const auto& e : run.stats.endpoints) row(out, "", e, run.duration_s);
  row(out, "", run.stats.aggregate(), run.duration_s);
  return out.str();
}

}  // namespace ragbench::loadgen
