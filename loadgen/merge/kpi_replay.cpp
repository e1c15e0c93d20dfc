// Reading the KPIs back from their stored display text.
#include "loadgen/merge/kpi_replay.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <string_view>

#include "loadgen/merge/merge_refusal.hpp"

namespace ragbench::loadgen {

namespace {

constexpr std::string_view bound_prefix = "all: error_rate <= ";
constexpr std::string_view bound_suffix = "% (max_error_rate)";

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// The bound of "all: error_rate <= 1% (max_error_rate)", or nullopt when `expr` is not the bound.
std::optional<double> error_rate_bound(std::string_view expr) {
  if (expr.substr(0, bound_prefix.size()) != bound_prefix || !ends_with(expr, bound_suffix)) return std::nullopt;
  const std::string number(expr.substr(bound_prefix.size(), expr.size() - bound_prefix.size() - bound_suffix.size()));
  char* end = nullptr;
  const double v = std::strtod(number.c_str(), &end);
  if (number.empty() || end != number.c_str() + number.size()) return std::nullopt;
  return v;
}

// "ENDPOINT: TEXT" -> the KPI; an endpoint name may itself hold ": ", so every split is tried, and the
// one whose KPI displays as `expr` again wins.
std::optional<kpi> reparse(const std::string& expr) {
  for (auto at = expr.find(": "); at != std::string::npos; at = expr.find(": ", at + 1)) {
    auto parsed = parse_kpi(std::string_view(expr).substr(at + 2), std::string_view(expr).substr(0, at));
    if (auto* k = std::get_if<kpi>(&parsed); k && k->display() == expr) return *k;
  }
  return std::nullopt;
}

}  // namespace

kpi_plan kpi_plan_of(const merge_input& in) {
  kpi_plan plan;
  for (const auto& r : in.run.kpis) {
    if (auto bound = error_rate_bound(r.expr)) {
      plan.rules.max_error_rate_pct = *bound;
      continue;
    }
    auto k = reparse(r.expr);
    if (!k) throw merge_refusal("merge: " + in.dir.string() + ": cannot read the KPI '" + r.expr + "' back");
    plan.kpis.push_back(std::move(*k));
  }
  return plan;
}

kpi_plan common_kpi_plan(const std::vector<merge_input>& inputs) {
  // A closed-model segment left without users stores no KPI results (nothing to judge; every other run
  // stores at least the error-rate bound), so it takes no part in the comparison.
  const auto judged = std::find_if(inputs.begin(), inputs.end(), [](const merge_input& in) { return !in.run.kpis.empty(); });
  if (judged == inputs.end()) return {};
  const auto& first = *judged;
  for (const auto& in : inputs) {
    if (in.run.kpis.empty()) continue;
    bool same = in.run.kpis.size() == first.run.kpis.size();
    for (std::size_t i = 0; same && i < in.run.kpis.size(); ++i) same = in.run.kpis[i].expr == first.run.kpis[i].expr;
    if (!same)
      throw merge_refusal("merge: " + first.dir.string() + " and " + in.dir.string() +
                          " were checked against different KPIs (--kpi or --max-error-rate differ); merge only "
                          "segments of one test");
  }
  return kpi_plan_of(first);
}

}  // namespace ragbench::loadgen
