// compare.html: the verdict table as static HTML, the curves and intervals as chart data for compare.js.
#include "loadgen/compare/compare_html.hpp"

#include <algorithm>

#include "loadgen/compare/compare_format.hpp"
#include "loadgen/report/html/html_assets.hpp"
#include "loadgen/report/html/html_page.hpp"
#include "loadgen/report/html/percentile_curve.hpp"
#include "loadgen/report/number_format.hpp"

namespace ragbench::loadgen {
namespace {

std::vector<std::string> endpoint_order(const comparison& c) {
  std::vector<std::string> names;
  for (const auto& r : c.rows)
    if (std::find(names.begin(), names.end(), r.endpoint) == names.end()) names.push_back(r.endpoint);
  return names;
}

// Every run's histogram of `endpoint` merged; empty when no run has one.
hdr_histogram merged(const std::vector<run_sample>& runs, const std::string& endpoint) {
  hdr_histogram h;
  for (const auto& run : runs)
    if (const auto* e = run.find(endpoint); e && e->latency) h.add(*e->latency);
  return h;
}

nlohmann::json chart_data(const comparison& c, const std::vector<run_sample>& baseline,
                          const std::vector<run_sample>& candidate) {
  auto endpoints = nlohmann::json::array();
  for (const auto& name : endpoint_order(c)) {
    auto intervals = nlohmann::json::array();
    for (const auto& r : c.rows) {
      if (r.endpoint != name || is_ratio(r.metric) || !has_values(r) || format_interval(r) == "-") continue;
      intervals.push_back({{"metric", to_string(r.metric)}, {"change", rounded(100 * r.change, 3)},
                           {"low", rounded(100 * r.low, 3)}, {"high", rounded(100 * r.high, 3)},
                           {"tolerance", rounded(100 * c.options.tolerance_of(r.metric), 3)},
                           {"verdict", to_string(r.result)}});
    }
    endpoints.push_back({{"name", name},
                         {"baseline", percentile_curve(merged(baseline, name))},
                         {"candidate", percentile_curve(merged(candidate, name))},
                         {"intervals", intervals}});
  }
  return {{"latency", c.options.service_time ? "service time" : "latency"}, {"endpoints", endpoints}};
}

std::string sources(const std::vector<std::string>& s) {
  std::string out;
  for (const auto& x : s) out += (out.empty() ? "" : ", ") + x;
  return out + " (" + std::to_string(s.size()) + (s.size() == 1 ? " run)" : " runs)");
}

std::string verdict_table(const comparison& c) {
  html_table t({"endpoint", "metric", {"baseline", "num"}, {"candidate", "num"}, {"change", "num"},
                {fixed(c.options.confidence * 100, 0) + "% interval", "num"}, "verdict", "why"},
               "verdict-table");
  for (const auto& r : c.rows) {
    const bool values = has_values(r);
    const std::string v(to_string(r.result));
    const char* css = r.result == verdict::worse || r.result == verdict::missing ? "bad"
                      : r.result == verdict::better                              ? "good"
                                                                                 : "neutral";
    t.row({r.endpoint, std::string(to_string(r.metric)), {values ? format_value(r.metric, r.baseline) : "-", "num"},
           {values ? format_value(r.metric, r.candidate) : "-", "num"}, {format_change(r), "num"},
           {format_interval(r), "num"}, {v, css}, r.result == verdict::same ? r.note : explain(r, c.options)},
          r.result == verdict::same ? "" : "changed");
  }
  return t.render();
}

}  // namespace

std::string render_compare_html(const comparison& c, const std::vector<run_sample>& baseline,
                                const std::vector<run_sample>& candidate) {
  const std::string outcome = describe_outcome(c);
  std::string body = "<header>\n<h1>loadgen compare " +
                     verdict_badge(c.regressed() ? "regression" : c.inconclusive() ? "inconclusive" : "no regression") +
                     "</h1>\n" + html_element("p", outcome, "reason") + "\n";
  body += html_element("p", "baseline: " + sources(c.baseline_sources), "meta") + "\n";
  body += html_element("p", "candidate: " + sources(c.candidate_sources), "meta") + "\n";
  for (const auto& w : c.warnings) body += html_element("div", w, "banner warn") + "\n";
  body += "</header>\n<main>\n";
  std::string notes = html_element("p", describe_method(c), "note") + "\n";
  for (const auto& n : c.notes) notes += html_element("p", "note: " + n, "note") + "\n";
  for (const auto& k : c.kpis)
    notes += html_element("p", "KPI '" + k.expr + "': " + (k.status == verdict::missing ? "in the baseline only" : "in the candidate only"), "note") + "\n";
  body += html_section("Verdicts", notes + verdict_table(c), "verdicts");
  body += html_section("Percentile curves, baseline and candidate",
                       html_element("p", c.histograms ? "Each side's runs merged; x is 1/(1-q), so 90 %, 99 %, 99.9 % ... "
                                                        "are equally spaced."
                                                      : "Some input had no histograms (summary.json only): no curves.",
                                    "note") + "\n" + chart_grid("curves"),
                       "curves");
  body += html_section("Changes with their confidence intervals",
                       html_element("p", "Relative change per metric (bar: the interval, dot: the estimate); the band "
                                         "is the tolerance. A change is called only when the whole interval lies beyond it.",
                                    "note") + "\n" + chart_grid("intervals"),
                       "intervals");
  body += "</main>\n<footer>ragbench loadgen compare · method: docs/loadgen-compare.md · charts: Chart.js 3.9.1 (MIT), "
          "inlined</footer>\n";
  html_page page{"compare", "loadgen compare: " + outcome, std::move(body), chart_data(c, baseline, candidate),
                 html_assets::compare_js()};
  return render_page(page);
}

}  // namespace ragbench::loadgen
