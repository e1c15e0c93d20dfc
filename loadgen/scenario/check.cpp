// Response checks: status set, JSON path existence/value, body substrings.
#include "loadgen/scenario/check.hpp"

namespace ragbench::loadgen {

check_result evaluate_checks(const checks& c, unsigned status, std::span<const header_field> /*headers*/,
                             std::string_view body) {
  check_result r;
  if (c.statuses.empty()) {
    if (status >= 400) return {false, "status " + std::to_string(status)};
  } else {
    bool found = false;
    for (auto s : c.statuses) found = found || s == status;
    if (!found) {
      std::string list;
      for (auto s : c.statuses) list += (list.empty() ? "" : ", ") + std::to_string(s);
      return {false, "status " + std::to_string(status) + " not in [" + list + "]"};
    }
  }
  if (!c.json.empty()) {
    auto doc = nlohmann::json::parse(body, nullptr, false);
    if (doc.is_discarded()) return {false, "body is not JSON"};
    for (const auto& jc : c.json) {
      auto path = parse_json_path(jc.path);
      const auto* node = path ? find_json(doc, *path) : nullptr;
      if (!node) return {false, jc.path + " missing"};
      if (!jc.exists_only && *node != jc.expected)
        return {false, jc.path + " is " + node->dump() + ", expected " + jc.expected.dump()};
    }
  }
  for (const auto& needle : c.body_contains)
    if (body.find(needle) == std::string_view::npos) return {false, "body does not contain '" + needle + "'"};
  return r;
}

}  // namespace ragbench::loadgen
