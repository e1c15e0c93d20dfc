// junit.xml: a test suite whose test cases are the KPIs (and the generator's validity).
#include "loadgen/report/junit_report.hpp"

#include <sstream>

#include "loadgen/report/number_format.hpp"

namespace ragbench::loadgen {

std::string render_junit(const run_result& run) {
  std::size_t failures = 0;
  for (const auto& k : run.kpis) failures += k.pass ? 0 : 1;
  failures += run.generator_valid ? 0 : 1;
  failures += run.interrupted ? 1 : 0;
  const std::size_t tests = run.kpis.size() + 2;
  const std::string suite = xml_escape("loadgen." + run.scenario);

  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"ragbench loadgen\" tests=\"" << tests << "\" failures=\"" << failures << "\">\n"
      << "  <testsuite name=\"" << suite << "\" tests=\"" << tests << "\" failures=\"" << failures
      << "\" errors=\"0\" time=\"" << fixed(run.duration_s, 3) << "\" timestamp=\"" << xml_escape(run.started_at)
      << "\">\n";
  out << "    <testcase classname=\"" << suite << "\" name=\"generator kept up\">\n";
  if (!run.generator_valid) {
    out << "      <failure message=\"" << xml_escape("load generator could not keep up: " + run.generator_reason)
        << "\" type=\"generator\"/>\n";
  }
  out << "    </testcase>\n";
  out << "    <testcase classname=\"" << suite << "\" name=\"run ran to its end\">\n";
  if (run.interrupted) {
    out << "      <failure message=\"" << xml_escape(run.verdict_reason) << "\" type=\"interrupted\"/>\n";
  }
  out << "    </testcase>\n";
  for (const auto& k : run.kpis) {
    out << "    <testcase classname=\"" << suite << "\" name=\"" << xml_escape(k.expr) << "\">\n";
    if (!k.pass) {
      std::string msg = k.message.empty()
                            ? "value " + fixed(k.value, 3) + k.unit + " vs threshold " + fixed(k.threshold, 3) + k.unit
                            : k.message;
      out << "      <failure message=\"" << xml_escape(msg) << "\" type=\"kpi\">" << xml_escape(k.expr) << ": "
          << xml_escape(msg) << "</failure>\n";
    } else {
      out << "      <system-out>value " << fixed(k.value, 3) << xml_escape(k.unit) << "</system-out>\n";
    }
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
  return out.str();
}

}  // namespace ragbench::loadgen
