#pragma once
// Putting outside text into an HTML page safely. Everything a page shows that came from a scenario,
// a server or a result file (names, reasons, bodies, URLs) goes through one of these.
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace ragbench::loadgen {

// Text for HTML element content or a quoted attribute value: & < > " ' become entities. Bytes are
// otherwise kept (the pages are UTF-8).
std::string html_escape(std::string_view text);

// JSON for the inside of <script type="application/json">: the JSON text with '<', '>' and '&' written
// as \u003c, \u003e, \u0026 and every non-ASCII character as \uXXXX (so "</script>", "<!--" and U+2028
// cannot end or change the script element), still valid JSON for JSON.parse. Invalid UTF-8 in a string
// is replaced by U+FFFD rather than throwing.
std::string script_json(const nlohmann::json& data);

}  // namespace ragbench::loadgen
