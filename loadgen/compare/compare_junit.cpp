// junit.xml for compare: one test case per endpoint x metric, a failure on `worse` and on `missing`
// (unless --allow-missing).
#include <sstream>

#include "loadgen/compare/compare_format.hpp"
#include "loadgen/compare/compare_report.hpp"
#include "loadgen/report/number_format.hpp"

namespace ragbench::loadgen {

std::string render_compare_junit(const comparison& c) {
  const std::size_t tests = c.rows.size();
  const std::size_t failures =
      c.count(verdict::worse) + (c.options.allow_missing ? 0 : c.count(verdict::missing));
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"ragbench loadgen compare\" tests=\"" << tests << "\" failures=\"" << failures << "\">\n"
      << "  <testsuite name=\"loadgen.compare\" tests=\"" << tests << "\" failures=\"" << failures
      << "\" errors=\"0\">\n";
  for (const auto& r : c.rows) {
    const std::string name = r.endpoint + " " + std::string(to_string(r.metric));
    const std::string what = explain(r, c.options);
    const bool failed = r.result == verdict::worse || (r.result == verdict::missing && !c.options.allow_missing);
    out << "    <testcase classname=\"loadgen.compare." << xml_escape(r.endpoint) << "\" name=\"" << xml_escape(name)
        << "\">\n";
    if (failed) {
      const char* type = r.result == verdict::worse ? "regression" : "missing";
      out << "      <failure message=\"" << xml_escape(what) << "\" type=\"" << type << "\">"
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
