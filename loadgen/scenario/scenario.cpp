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

double scenario::total_weight() const {
  double sum = 0;
  for (const auto& t : tasks) sum += t.weight;
  return sum;
}

}  // namespace ragbench::loadgen
