// capacity.json, capacity.md and the console view.
#include "loadgen/experiment/capacity_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace ragbench::loadgen {
namespace {

nlohmann::json opt(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string summary_lines(const capacity_run& run, const char* bullet) {
  const auto& r = run.result;
  std::string s;
  if (run.threads) s += std::string(bullet) + "server threads: " + std::to_string(*run.threads) + "\n";
  s += std::string(bullet) + "highest rate meeting every KPI: " +
       (r.max_passing_rate ? fmt("%g/s", *r.max_passing_rate) : std::string("none (the first step failed)")) + "\n";
  if (r.max_goodput_rps)
    s += std::string(bullet) + "max goodput: " + fmt("%.1f good requests/s", *r.max_goodput_rps) + " (at " +
         fmt("%g/s", *r.max_passing_rate) + ")\n";
  if (r.knee) s += std::string(bullet) + "knee of the p99 curve: " + fmt("%g/s", r.knee->x) + fmt(" (p99 %.3g ms)", r.knee->y) + "\n";
  else s += std::string(bullet) + "knee of the p99 curve: none in the measured range\n";
  s += std::string(bullet) + "peak throughput: " + fmt("%.0f/s", r.peak_throughput) + "\n";
  s += std::string(bullet) + "stopped: " + r.stop_reason + "\n";
  if (r.generator_limited)
    s += std::string(bullet) + "WARNING: loadgen itself was the limit at the last step; the server's limit is higher\n";
  return s;
}

std::string usl_lines(const capacity_report& r, const char* bullet) {
  if (!r.usl) return r.usl_error.empty() ? "" : std::string(bullet) + "USL: " + r.usl_error + "\n";
  const auto& m = *r.usl;
  double max_n = 1;
  for (const auto& p : r.usl_points) max_n = std::max(max_n, p.n);
  char buf[320];
  std::snprintf(buf, sizeof buf, "%sUSL fit over %zu points: lambda %.1f/s, sigma %.4f, kappa %.6f, R^2 %.4f\n", bullet,
                m.points, m.lambda, m.sigma, m.kappa, m.r_squared);
  std::string s = buf;
  std::snprintf(buf, sizeof buf, "%sprojected: X(%g) = %.0f/s, X(%g) = %.0f/s; peak at N* = %s\n", bullet, 2 * max_n,
                m.throughput_at(2 * max_n), 4 * max_n, m.throughput_at(4 * max_n),
                m.peak_n ? fmt("%.1f threads", *m.peak_n).c_str() : "none (kappa = 0: no retrograde region)");
  s += buf;
  if (!m.note.empty()) s += std::string(bullet) + m.note + "\n";
  return s;
}

// Steps with streams or an SLO: TTFT, TPOT, goodput per rate ("" when none has them).
std::string stream_table(const std::vector<const capacity_step*>& steps) {
  bool any = false;
  for (auto* st : steps) any = any || st->m.ttft_p99_ms || st->m.goodput;
  if (!any) return "";
  auto ms = [](const std::optional<double>& v) { return v ? fmt("%.2f ms", *v) : std::string("-"); };
  std::string s = "\n| rate | TTFT p99 | TPOT p99 | goodput | goodput req/s |\n|---|---|---|---|---|\n";
  for (auto* st : steps) {
    s += fmt("| %g/s | ", st->rate) + ms(st->m.ttft_p99_ms) + " | " + ms(st->m.tpot_p99_ms) + " | " +
         (st->m.goodput ? fmt("%.2f%%", *st->m.goodput * 100) : std::string("-")) + " | " +
         (st->m.goodput_rps ? fmt("%.1f", *st->m.goodput_rps) : std::string("-")) + " |\n";
  }
  return s;
}

}  // namespace

std::string ascii_curve(const capacity_result& r, std::size_t width) {
  double max_p99 = 0;
  for (const auto& s : r.steps) max_p99 = std::max(max_p99, s.m.p99_ms);
  std::vector<const capacity_step*> steps;
  for (const auto& s : r.steps) steps.push_back(&s);
  std::sort(steps.begin(), steps.end(), [](auto* a, auto* b) { return a->rate < b->rate; });
  std::string out;
  char buf[256];
  for (auto* s : steps) {
    const auto bar = max_p99 > 0 ? static_cast<std::size_t>(std::lround(s->m.p99_ms / max_p99 * static_cast<double>(width))) : 0;
    std::snprintf(buf, sizeof buf, "%9.0f/s -> %9.0f/s  p99 %9.2f ms |%s %s\n", s->rate, s->m.achieved_rps, s->m.p99_ms,
                  std::string(bar, '#').c_str(), s->status == step_status::pass ? "" : to_string(s->status).c_str());
    out += buf;
  }
  return out;
}

nlohmann::json to_json(const capacity_report& r) {
  nlohmann::json j;
  j["schema"] = "ragbench.capacity/1";
  j["scenario"] = r.scenario;
  j["plan"] = {{"start_rate", r.plan.start_rate},     {"step", r.plan.factor > 1 ? 0.0 : r.plan.step},
               {"factor", r.plan.factor},             {"max_rate", r.plan.max_rate},
               {"bisect", r.plan.bisect},             {"step_duration_s", r.step_duration_s},
               {"warmup_s", r.warmup_s},              {"min_throughput_ratio", r.plan.min_throughput_ratio},
               {"max_error_fraction", r.plan.max_error_fraction}, {"max_dropped_fraction", r.plan.max_dropped_fraction},
               {"max_late_fraction", r.plan.max_late_fraction}, {"min_late_count", r.plan.min_late_count}};
  auto& runs = j["runs"] = nlohmann::json::array();
  for (const auto& run : r.runs) {
    const auto& res = run.result;
    nlohmann::json steps = nlohmann::json::array();
    for (const auto& s : res.steps)
      steps.push_back({{"rate", s.rate},           {"bisection", s.bisection},
                       {"status", to_string(s.status)}, {"reason", s.reason},
                       {"offered_rps", s.m.offered_rps}, {"achieved_rps", s.m.achieved_rps},
                       {"p50_ms", s.m.p50_ms},     {"p95_ms", s.m.p95_ms},
                       {"p99_ms", s.m.p99_ms},     {"requests", s.m.requests},
                       {"failures", s.m.failures}, {"scheduled", s.m.scheduled},
                       {"dropped", s.m.dropped},   {"late", s.m.late},
                       {"ttft_p99_ms", opt(s.m.ttft_p99_ms)}, {"tpot_p99_ms", opt(s.m.tpot_p99_ms)},
                       {"goodput", opt(s.m.goodput)}, {"goodput_rps", opt(s.m.goodput_rps)},
                       {"failed_kpis", s.m.failed_kpis}, {"dir", s.m.dir}});
    nlohmann::json knee = nullptr;
    if (res.knee) knee = {{"rate", res.knee->x}, {"p99_ms", res.knee->y}};
    runs.push_back({{"threads", run.threads ? nlohmann::json(*run.threads) : nlohmann::json(nullptr)},
                    {"target", run.target},
                    {"max_passing_rate", opt(res.max_passing_rate)},
                    {"first_failing_rate", opt(res.first_failing_rate)},
                    {"knee", knee},
                    {"peak_throughput", res.peak_throughput},
                    {"max_goodput_rps", opt(res.max_goodput_rps)},
                    {"stop_reason", res.stop_reason},
                    {"generator_limited", res.generator_limited},
                    {"steps", steps}});
  }
  if (r.usl) {
    nlohmann::json pts = nlohmann::json::array();
    for (const auto& p : r.usl_points) pts.push_back({{"threads", p.n}, {"throughput", p.throughput}});
    double max_n = 1;
    for (const auto& p : r.usl_points) max_n = std::max(max_n, p.n);
    const auto& m = *r.usl;
    j["usl"] = {{"points", pts},
                {"lambda", m.lambda},
                {"sigma", m.sigma},
                {"kappa", m.kappa},
                {"r_squared", m.r_squared},
                {"peak_threads", opt(m.peak_n)},
                {"peak_throughput", m.peak_n ? nlohmann::json(m.throughput_at(*m.peak_n)) : nlohmann::json(nullptr)},
                {"projections", {{{"threads", 2 * max_n}, {"throughput", m.throughput_at(2 * max_n)}},
                                 {{"threads", 4 * max_n}, {"throughput", m.throughput_at(4 * max_n)}}}},
                {"note", m.note}};
  } else {
    j["usl"] = r.usl_error.empty() ? nlohmann::json(nullptr) : nlohmann::json{{"error", r.usl_error}};
  }
  j["interrupted"] = r.interrupted.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.interrupted);
  return j;
}

std::string render_capacity_markdown(const capacity_report& r) {
  std::string s = "# Capacity: " + r.scenario + "\n\n";
  char buf[256];
  std::snprintf(buf, sizeof buf, "Open model, %gs per step (+%gs warm-up), from %g/s %s to at most %g/s, %zu bisection steps.\n\n",
                r.step_duration_s, r.warmup_s, r.plan.start_rate,
                r.plan.factor > 1 ? fmt("x%g", r.plan.factor).c_str() : fmt("+%g/s", r.plan.step).c_str(), r.plan.max_rate,
                r.plan.bisect);
  s += buf;
  if (!r.interrupted.empty()) s += "> ⛔ **The search was cut short:** " + r.interrupted + "\n\n";
  for (const auto& run : r.runs) {
    if (run.threads) s += "## " + std::to_string(*run.threads) + " server threads\n\n";
    s += summary_lines(run, "- ");
    s += "\n| rate | achieved | p50 | p95 | p99 | errors | dropped | late | status |\n|---|---|---|---|---|---|---|---|---|\n";
    std::vector<const capacity_step*> steps;
    for (const auto& st : run.result.steps) steps.push_back(&st);
    std::sort(steps.begin(), steps.end(), [](auto* a, auto* b) { return a->rate < b->rate; });
    for (auto* st : steps) {
      std::snprintf(buf, sizeof buf, "| %g/s | %.0f/s | %.2f ms | %.2f ms | %.2f ms | %llu | %llu | %llu | %s |\n", st->rate,
                    st->m.achieved_rps, st->m.p50_ms, st->m.p95_ms, st->m.p99_ms,
                    static_cast<unsigned long long>(st->m.failures), static_cast<unsigned long long>(st->m.dropped),
                    static_cast<unsigned long long>(st->m.late),
                    (to_string(st->status) + (st->reason.empty() ? "" : ": " + st->reason)).c_str());
      s += buf;
    }
    s += stream_table(steps);
    s += "\n```\n" + ascii_curve(run.result) + "```\n\n";
  }
  const std::string usl = usl_lines(r, "- ");
  if (!usl.empty()) s += "## Universal Scalability Law\n\n" + usl;
  return s;
}

std::string render_capacity_console(const capacity_report& r) {
  std::string s = r.interrupted.empty() ? "" : "  cut short: " + r.interrupted + "\n";
  for (const auto& run : r.runs) {
    s += ascii_curve(run.result);
    s += summary_lines(run, "  ");
  }
  s += usl_lines(r, "  ");
  return s;
}

}  // namespace ragbench::loadgen
