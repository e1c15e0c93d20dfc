// Escaping for the HTML pages: element text and attributes, and JSON inside a script element.
#include "loadgen/report/html/html_text.hpp"

#include <nlohmann/json.hpp>

#include "loadgen/report/number_format.hpp"

namespace ragbench::loadgen {

// The same five characters as XML; &apos; is a named character reference of HTML5 too.
std::string html_escape(std::string_view text) { return xml_escape(text); }

std::string script_json(const nlohmann::json& data) {
  // ensure_ascii: every non-ASCII character as \uXXXX. Outside strings JSON has no '<', '>' or '&', so
  // replacing them everywhere only touches string contents, where \u escapes mean the same characters.
  const std::string text = data.dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace ragbench::loadgen
