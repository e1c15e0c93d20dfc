// ab.json, ab.md and the console table.
#include "loadgen/experiment/ab_report.hpp"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace ragbench::loadgen {
namespace {

nlohmann::json number_or_null(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

std::string num(double v) {
  if (!std::isfinite(v)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, std::fabs(v) >= 100 ? "%.0f" : std::fabs(v) >= 10 ? "%.1f" : "%.3g", v);
  return buf;
}

std::string with_unit(double v, const std::string& unit) {
  std::string s = num(v);
  if (unit == "ms" || unit == "%") s += unit == "ms" ? " ms" : "%";
  else if (unit == "/s") s += "/s";
  return s;
}

std::string signed_num(double v) { return (v > 0 ? "+" : "") + num(v); }

// The Hodges-Lehmann shift B - A in the metric's unit.
std::string shift_text(const ab_metric_result& m) {
  if (!std::isfinite(m.shift.estimate)) return "n/a";
  return with_unit(m.shift.estimate, m.metric.unit).insert(0, m.shift.estimate > 0 ? "+" : "");
}

std::string interval_text(const ab_metric_result& m) {
  if (m.note.rfind("not measured", 0) == 0) return "n/a";
  return "[" + signed_num(m.shift.low) + ", " + signed_num(m.shift.high) + "]";
}

// "+29.6% [-3.1%, +56.0%]": B/A - 1 from the shift of the logs; "n/a" when a value is <= 0.
std::string relative_text(const ab_metric_result& m) {
  if (!m.relative_defined) return "n/a";
  char buf[96];
  std::snprintf(buf, sizeof buf, "%+.1f%% [%+.1f%%, %+.1f%%]", m.relative * 100, m.relative_low * 100,
                m.relative_high * 100);
  return buf;
}

const char* statistics_legend =
    "A, B: each side's median over its trials of the trial's value (e.g. the median of the per-trial p95s). "
    "B - A: the Hodges-Lehmann shift (the median of all B-A trial differences; it need not equal the difference "
    "of the two medians) with its confidence interval; relative: the same on the log scale, B/A - 1.";

}  // namespace

nlohmann::json to_json(const ab_report& r) {
  nlohmann::json j;
  j["schema"] = "ragbench.ab/1";
  j["scenario"] = r.scenario;
  j["a"] = r.a_label;
  j["b"] = r.b_label;
  j["trials_per_side"] = r.trials_per_side;
  j["warmup_s"] = r.warmup_s;
  j["seed"] = r.seed;
  j["confidence"] = r.settings.confidence;
  j["min_change"] = r.settings.min_change;
  j["order"] = r.order;
  j["method"] = "Hodges-Lehmann shift with exact Mann-Whitney confidence interval over trials";
  auto& trials = j["trials"] = nlohmann::json::array();
  for (const auto& t : r.trials)
    trials.push_back({{"index", t.index}, {"pair", t.pair}, {"side", std::string(1, t.side)}, {"dir", t.dir},
                      {"requests", t.requests}, {"rps", t.rps}, {"p95_ms", t.p95_ms}, {"verdict", t.verdict},
                      {"generator_valid", t.generator_valid}});
  auto& metrics = j["metrics"] = nlohmann::json::array();
  for (const auto& m : r.metrics) {
    nlohmann::json a = nlohmann::json::array(), b = nlohmann::json::array();
    for (double v : m.a) a.push_back(number_or_null(v));
    for (double v : m.b) b.push_back(number_or_null(v));
    nlohmann::json e{{"name", m.metric.name},
                     {"unit", m.metric.unit},
                     {"better", m.metric.direction == better_when::lower ? "lower" : "higher"},
                     {"kpi", m.metric.is_kpi ? nlohmann::json(m.metric.kpi_text) : nlohmann::json(nullptr)},
                     {"a", a},
                     {"b", b},
                     {"median_a", number_or_null(m.median_a)},
                     {"median_b", number_or_null(m.median_b)},
                     {"difference", number_or_null(m.shift.estimate)},
                     {"ci_low", number_or_null(m.shift.low)},
                     {"ci_high", number_or_null(m.shift.high)},
                     {"achieved_confidence", m.shift.achieved_confidence},
                     {"p_value", m.shift.p_value},
                     {"verdict", m.verdict},
                     {"note", m.note}};
    if (m.relative_defined) {
      e["relative"] = m.relative;
      e["relative_ci_low"] = m.relative_low;
      e["relative_ci_high"] = m.relative_high;
    } else {
      e["relative"] = e["relative_ci_low"] = e["relative_ci_high"] = nullptr;
    }
    metrics.push_back(std::move(e));
  }
  j["verdict"] = r.verdict;
  j["interrupted"] = r.interrupted.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.interrupted);
  return j;
}

std::string render_ab_markdown(const ab_report& r) {
  std::string s = "# A/B: " + r.scenario + "\n\n";
  s += "- **A**: `" + r.a_label + "`\n- **B**: `" + r.b_label + "`\n";
  char buf[256];
  std::snprintf(buf, sizeof buf, "- %zu trials per side, order `%s` (seed %llu), warm-up %gs discarded per trial\n",
                r.trials_per_side, r.order.c_str(), static_cast<unsigned long long>(r.seed), r.warmup_s);
  s += buf;
  std::snprintf(buf, sizeof buf,
                "- difference B - A: Hodges-Lehmann estimate, %g%% confidence interval from the exact Mann-Whitney "
                "distribution; changes under %g%% count as same\n\n",
                r.settings.confidence * 100, r.settings.min_change * 100);
  s += buf;
  s += std::string(statistics_legend) + "\n\n";
  s += "| metric | A: median of trials | B: median of trials | B - A (shift) | interval | relative B/A - 1 | verdict "
       "| KPI |\n|---|---|---|---|---|---|---|---|\n";
  for (const auto& m : r.metrics) {
    std::string verdict = m.verdict == "same" ? "same" : "**" + m.verdict + "**";
    if (!m.note.empty()) verdict += " (" + m.note + ")";
    s += "| " + m.metric.name + " | " + with_unit(m.median_a, m.metric.unit) + " | " +
         with_unit(m.median_b, m.metric.unit) + " | " + shift_text(m) + " | " + interval_text(m) + " | " +
         relative_text(m) + " | " + verdict +
         " | " + (m.metric.is_kpi ? "`" + m.metric.kpi_text + "`" : "") + " |\n";
  }
  s += "\n## Trials\n\n| # | side | requests | rps | p95 | KPIs | run |\n|---|---|---|---|---|---|---|\n";
  for (const auto& t : r.trials) {
    std::snprintf(buf, sizeof buf, "| %zu | %c | %llu | %.1f | %s ms | %s%s | `%s` |\n", t.index + 1, t.side,
                  static_cast<unsigned long long>(t.requests), t.rps, num(t.p95_ms).c_str(), t.verdict.c_str(),
                  t.generator_valid ? "" : " (generator-limited)", t.dir.c_str());
    s += buf;
  }
  if (!r.interrupted.empty()) return s + "\nVerdict: **interrupted** — " + r.interrupted + "\n";
  s += "\nVerdict: **" + std::string(r.verdict == "worse" ? "B is worse on a KPI metric" : "B is not worse on any KPI metric") +
       "**\n";
  return s;
}

std::string render_ab_console(const ab_report& r) {
  char buf[640];
  std::string s = std::string(statistics_legend) + "\n";
  std::snprintf(buf, sizeof buf, "%-24s %12s %12s %13s %22s %26s  %s\n", "metric", "A: median", "B: median",
                "B - A shift", "interval", "relative B/A - 1", "verdict");
  s += buf;
  for (const auto& m : r.metrics) {
    std::string name = m.metric.name + (m.metric.is_kpi ? " *" : "");
    const std::string note = m.note.empty() ? "" : " (" + m.note + ")";
    std::snprintf(buf, sizeof buf, "%-24s %12s %12s %13s %22s %26s  %s%s\n", name.c_str(),
                  with_unit(m.median_a, m.metric.unit).c_str(), with_unit(m.median_b, m.metric.unit).c_str(),
                  shift_text(m).c_str(), interval_text(m).c_str(), relative_text(m).c_str(), m.verdict.c_str(),
                  note.c_str());
    s += buf;
  }
  s += "(* = KPI metric; verdicts are for B; medians are over trials, the shift over pairs of trials)\n";
  return s;
}

}  // namespace ragbench::loadgen
