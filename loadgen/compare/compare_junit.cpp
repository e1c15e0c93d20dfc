// junit.xml for compare: one test case per endpoint x metric, a failure on `worse`.
#include <sstream>

#include "loadgen/compare/compare_format.hpp"
#include "loadgen/compare/compare_report.hpp"
#include "loadgen/report/number_format.hpp"

namespace ragbench::loadgen {

std::string render_compare_junit(const comparison& c) {
  const std::size_t tests = c.rows.size();
  const std::size_t failures = c.count(verdict::worse);
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"ragbench loadgen compare\" tests=\"" << tests << "\" failures=\"" << failures << "\">\n"
      << "  <testsuite name=\"loadgen.compare\" tests=\"" << tests << "\" failures=\"" << failures
      << "\" errors=\"0\">\n";
  for (const auto& r : c.rows) {
    const std::string name = r.endpoint + " " + std::string(to_string(r.metric));
    std::string what = std::string(to_string(r.metric)) + " " + format_value(r.metric, r.baseline) + " -> " +
                       format_value(r.metric, r.candidate) + ", change " + format_change(r) + " " +
                       format_interval(r) + " (" + r.method + ", tolerance " +
                       format_tolerance(r.metric, c.options.tolerance_of(r.metric)) + ")";
    if (r.method == "missing") what = std::string(to_string(r.metric)) + ": " + r.note;
    out << "    <testcase classname=\"loadgen.compare." << xml_escape(r.endpoint) << "\" name=\"" << xml_escape(name)
        << "\">\n";
    if (r.result == verdict::worse) {
      out << "      <failure message=\"" << xml_escape("worse: " + what) << "\" type=\"regression\">"
          << xml_escape(what) << "</failure>\n";
    } else {
      out << "      <system-out>" << xml_escape(std::string(to_string(r.result)) + ": " + what) << "</system-out>\n";
    }
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
  return out.str();
}

}  // namespace ragbench::loadgen
