// Small behaviour of the scenario model: target rendering and weight totals.
#include "loadgen/scenario/scenario.hpp"

namespace ragbench::loadgen {

void request_spec::render_target(const render_context& ctx, std::string& out) const {
  path.render(ctx, out);
  char sep = '?';
  for (const auto& [key, value] : query) {
    out += sep;
    out += key;
    out += '=';
    value.render(ctx, out);
    sep = '&';
  }
}

bool request_spec::needs_body() const {
  if (!check.json.empty() || !check.body_contains.empty()) return true;
  for (const auto& c : captures)
    if (c.kind != capture_kind::header) return true;
  return false;
}

std::string_view protocol_name(protocol_kind p) {
  switch (p) {
    case protocol_kind::http1: return "http1";
    case protocol_kind::h2c: return "h2c";
    case protocol_kind::h2: return "h2";
    case protocol_kind::auto_alpn: return "auto";
  }
  return "unknown";
}

double scenario::total_weight() const {
  double sum = 0;
  for (const auto& t : tasks) sum += t.weight;
  return sum;
}

}  // namespace ragbench::loadgen
