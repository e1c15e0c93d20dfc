// capacity.html: step tables as static HTML; the curves, the knee and the USL fit as data for capacity.js.
#include "loadgen/experiment/capacity_html.hpp"

#include <algorithm>
#include <cmath>

#include "loadgen/report/html/html_assets.hpp"
#include "loadgen/report/html/html_page.hpp"
#include "loadgen/report/number_format.hpp"

namespace ragbench::loadgen {
namespace {

std::vector<const capacity_step*> by_rate(const capacity_result& r) {
  std::vector<const capacity_step*> steps;
  for (const auto& s : r.steps) steps.push_back(&s);
  std::stable_sort(steps.begin(), steps.end(), [](auto* a, auto* b) { return a->rate < b->rate; });
  return steps;
}

std::string run_label(const capacity_run& run) {
  return run.threads ? std::to_string(*run.threads) + " server threads" : run.target.empty() ? "search" : run.target;
}

nlohmann::json usl_json(const capacity_report& r) {
  if (!r.usl) return nullptr;
  const auto& m = *r.usl;
  double max_n = 1;
  auto points = nlohmann::json::array();
  for (const auto& p : r.usl_points) {
    max_n = std::max(max_n, p.n);
    points.push_back({p.n, rounded(p.throughput, 3)});
  }
  const double end = std::max(4 * max_n, m.peak_n ? 1.5 * *m.peak_n : 0.0);
  auto curve = nlohmann::json::array();
  for (int i = 0; i <= 80; ++i) {
    const double n = 1 + (end - 1) * i / 80.0;
    curve.push_back({rounded(n, 3), rounded(m.throughput_at(n), 3)});
  }
  nlohmann::json peak = nullptr;
  if (m.peak_n) peak = {rounded(*m.peak_n, 3), rounded(m.throughput_at(*m.peak_n), 3)};
  return {{"points", points}, {"curve", curve}, {"peak", peak}, {"lambda", m.lambda},
          {"sigma", m.sigma}, {"kappa", m.kappa}, {"r_squared", m.r_squared}};
}

nlohmann::json chart_data(const capacity_report& r) {
  auto runs = nlohmann::json::array();
  for (const auto& run : r.runs) {
    auto steps = nlohmann::json::array();
    nlohmann::json knee = nullptr;
    for (const auto* s : by_rate(run.result)) {
      steps.push_back({{"rate", s->rate}, {"achieved", rounded(s->m.achieved_rps, 3)}, {"p50", rounded(s->m.p50_ms, 3)},
                       {"p95", rounded(s->m.p95_ms, 3)}, {"p99", rounded(s->m.p99_ms, 3)},
                       {"status", to_string(s->status)}});
      if (run.result.knee && s->rate == run.result.knee->x)
        knee = {{"rate", s->rate}, {"achieved", rounded(s->m.achieved_rps, 3)}, {"p99", rounded(s->m.p99_ms, 3)}};
    }
    runs.push_back({{"label", run_label(run)}, {"steps", steps}, {"knee", knee},
                    {"max_passing_rate", run.result.max_passing_rate ? nlohmann::json(*run.result.max_passing_rate)
                                                                     : nlohmann::json(nullptr)}});
  }
  return {{"runs", runs}, {"usl", usl_json(r)}};
}

std::string rate(double v) { return fixed(v, v == std::floor(v) ? 0 : 1) + "/s"; }

std::string run_section(const capacity_run& run) {
  const auto& r = run.result;
  std::string lines;
  auto line = [&](const std::string& s) { lines += html_element("li", s) + "\n"; };
  line("highest rate meeting every KPI: " + (r.max_passing_rate ? rate(*r.max_passing_rate) : "none (the first step failed)"));
  line(r.knee ? "knee of the p99 curve: " + rate(r.knee->x) + " (p99 " + fixed(r.knee->y, 2) + " ms)"
              : "knee of the p99 curve: none in the measured range");
  line("peak throughput: " + fixed(r.peak_throughput, 0) + "/s");
  if (r.max_goodput_rps) line("max goodput: " + fixed(*r.max_goodput_rps, 1) + " good requests/s");
  line("stopped: " + r.stop_reason);
  std::string out = "<ul>\n" + lines + "</ul>\n";
  if (r.generator_limited)
    out += html_element("div", "loadgen itself was the limit at the last step; the server's limit is higher", "banner warn") + "\n";
  html_table t({{"rate", "num"}, {"achieved", "num"}, {"p50 ms", "num"}, {"p95 ms", "num"}, {"p99 ms", "num"},
                {"errors", "num"}, {"dropped", "num"}, {"late", "num"}, "status"});
  for (const auto* s : by_rate(r)) {
    const bool pass = s->status == step_status::pass;
    t.row({{rate(s->rate) + (s->bisection ? " (bisection)" : ""), "num"}, {fixed(s->m.achieved_rps, 0) + "/s", "num"},
           {fixed(s->m.p50_ms, 2), "num"}, {fixed(s->m.p95_ms, 2), "num"}, {fixed(s->m.p99_ms, 2), "num"},
           {std::to_string(s->m.failures), "num"}, {std::to_string(s->m.dropped), "num"}, {std::to_string(s->m.late), "num"},
           {to_string(s->status) + (s->reason.empty() ? "" : ": " + s->reason), pass ? "good" : "bad"}});
  }
  return out + t.render();
}

}  // namespace

std::string render_capacity_html(const capacity_report& r) {
  std::string body = "<header>\n<h1>loadgen capacity: " + html_element("span", r.scenario) + "</h1>\n";
  body += html_element("p", "Open model, " + fixed(r.step_duration_s, 1) + " s per step (+" + fixed(r.warmup_s, 1) +
                                " s warm-up), from " + rate(r.plan.start_rate) + " " +
                                (r.plan.factor > 1 ? "x" + fixed(r.plan.factor, 2) : "+" + rate(r.plan.step)) +
                                " per step to at most " + rate(r.plan.max_rate) + ", " + std::to_string(r.plan.bisect) +
                                " bisection steps.",
                        "meta") + "\n";
  if (!r.interrupted.empty()) body += html_element("div", "The search was cut short: " + r.interrupted, "banner bad") + "\n";
  body += "</header>\n<main>\n";
  if (!r.runs.empty())
    body += html_section("Latency against throughput", chart_grid("steps"), "curves");
  for (const auto& run : r.runs) body += html_section(run_label(run), run_section(run));
  std::string usl;
  if (r.usl) {
    const auto& m = *r.usl;
    usl = html_element("p", "X(N) = λN / (1 + σ(N−1) + κN(N−1)) fitted over " + std::to_string(m.points) + " points: λ " +
                                fixed(m.lambda, 1) + "/s, σ " + fixed(m.sigma, 4) + ", κ " + fixed(m.kappa, 6) + ", R² " +
                                fixed(m.r_squared, 4) +
                                (m.peak_n ? ", peak at N* = " + fixed(*m.peak_n, 1) : ", no peak (κ = 0)") +
                                (m.note.empty() ? "" : ". " + m.note),
                       "note") + "\n" + chart_grid("usl");
  } else if (!r.usl_error.empty()) {
    usl = html_element("p", "No fit: " + r.usl_error, "note") + "\n";
  }
  if (!usl.empty()) body += html_section("Universal Scalability Law", usl, "usl");
  body += "</main>\n<footer>ragbench loadgen capacity · docs/loadgen-ab-capacity.md · charts: Chart.js 3.9.1 (MIT), "
          "inlined</footer>\n";
  html_page page{"capacity", "loadgen capacity: " + r.scenario, std::move(body), chart_data(r), html_assets::capacity_js()};
  return render_page(page);
}

}  // namespace ragbench::loadgen
