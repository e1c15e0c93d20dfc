// Small behaviour of the scenario model: target rendering, weight totals, the load in words.
#include "loadgen/scenario/scenario.hpp"

#include <cstdio>

#include "common/units.hpp"

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

std::string describe_load(const load_model& load) {
  char buf[200];
  if (const auto* c = std::get_if<closed_load>(&load.shape)) {
    std::snprintf(buf, sizeof buf, "closed: %u users at %g/s for %s", c->users, c->spawn_rate_per_s,
                  format_duration(c->duration).c_str());
    return buf;
  }
  const auto& o = std::get<open_load>(load.shape);
  switch (o.arrival) {
    case arrival_kind::constant:
      std::snprintf(buf, sizeof buf, "open: constant %g/s for %s", o.rate_per_s, format_duration(o.duration).c_str());
      break;
    case arrival_kind::poisson:
      std::snprintf(buf, sizeof buf, "open: poisson %g/s for %s", o.rate_per_s, format_duration(o.duration).c_str());
      break;
    case arrival_kind::ramping:
      std::snprintf(buf, sizeof buf, "open: %zu ramping stages over %s", o.stages.size(),
                    format_duration(o.duration).c_str());
      break;
  }
  return buf;
}

}  // namespace ragbench::loadgen
