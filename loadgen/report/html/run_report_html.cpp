// report.html: the static part (header, banners, tables) and the frame for report.js's charts.
#include "loadgen/report/html/run_report_html.hpp"

#include "loadgen/report/html/html_page.hpp"
#include "loadgen/report/html/html_assets.hpp"
#include "loadgen/report/html/html_text.hpp"
#include "loadgen/report/html/run_chart_data.hpp"
#include "loadgen/report/number_format.hpp"
#include "loadgen/report/stream_figures_table.hpp"

namespace ragbench::loadgen {
namespace {

std::string ms(double ns) { return fixed(ns_to_ms(ns), 2); }

std::string header(const run_result& run) {
  std::string out = "<header>\n<h1>" + html_escape(run.scenario.empty() ? "(unnamed scenario)" : run.scenario) + " " +
                    verdict_badge(run.verdict) + "</h1>\n<p class=\"meta\">";
  std::string meta = run.model + " model";
  if (auto load = run.settings.find("load"); load != run.settings.end()) meta += " · " + load->second;
  meta += " · " + fixed(run.duration_s, 1) + " s · started " + run.started_at;
  out += html_escape(meta);
  if (!run.target.empty()) out += " · target <code>" + html_escape(run.target) + "</code>";
  out += "</p>\n";
  if (!run.verdict_reason.empty()) out += html_element("p", run.verdict_reason, "reason") + "\n";
  if (run.interrupted) out += html_element("div", "The run was cut short: " + run.verdict_reason, "banner bad") + "\n";
  if (!run.generator_valid) {
    out += html_element("div", "The load generator could not keep up; these numbers are not trustworthy: " +
                                   run.generator_reason, "banner warn") + "\n";
  }
  out += "</header>\n";
  return out;
}

std::string totals(const run_result& run) {
  auto tile = [](const std::string& label, const std::string& value) {
    return "<div class=\"tile\"><div class=\"value\">" + html_escape(value) + "</div><div class=\"label\">" +
           html_escape(label) + "</div></div>";
  };
  const auto all = run.stats.aggregate();
  const double err = run.totals.requests ? 100.0 * static_cast<double>(run.totals.failures) /
                                               static_cast<double>(run.totals.requests) : 0.0;
  std::string out = "<div class=\"tiles\">" + tile("requests", std::to_string(run.totals.requests)) +
                    tile("failures", std::to_string(run.totals.failures)) + tile("error rate", fixed(err, 2) + " %") +
                    tile("req/s", fixed(run.totals.rps, 1)) +
                    tile("p50", ms(static_cast<double>(all.latency.value_at_percentile(50))) + " ms") +
                    tile("p95", ms(static_cast<double>(all.latency.value_at_percentile(95))) + " ms") +
                    tile("p99", ms(static_cast<double>(all.latency.value_at_percentile(99))) + " ms");
  if (run.model == "open" || run.totals.dropped || run.totals.late)
    out += tile("dropped starts", std::to_string(run.totals.dropped)) + tile("late starts", std::to_string(run.totals.late));
  if (run.totals.rate_limited) out += tile("rate limited (429)", std::to_string(run.totals.rate_limited));
  return out + "</div>\n";
}

std::string kpi_table(const run_result& run) {
  if (run.kpis.empty()) return html_element("p", "No KPIs.", "note") + "\n";
  html_table t({"KPI", {"value", "num"}, {"threshold", "num"}, "result", "note"}, "kpi-table");
  for (const auto& k : run.kpis) {
    t.row({{k.expr, "code"}, {fixed(k.value, 2) + k.unit, "num"}, {fixed(k.threshold, 2) + k.unit, "num"},
           {k.pass ? "pass" : "fail", k.pass ? "good" : "bad"}, k.message});
  }
  return t.render();
}

void endpoint_row(html_table& t, const endpoint_stats& e, double duration_s, const char* css) {
  const auto& h = e.latency;
  auto p = [&](double q) -> html_cell { return {ms(static_cast<double>(h.value_at_percentile(q))), "num"}; };
  const double rps = duration_s > 0 ? static_cast<double>(e.requests) / duration_s : 0.0;
  t.row({e.name, {std::to_string(e.requests), "num"}, {std::to_string(e.failures), "num"}, {fixed(rps, 1), "num"},
         {ms(static_cast<double>(h.min())), "num"}, {ms(h.mean()), "num"}, p(50), p(90), p(95), p(99), p(99.9),
         {ms(static_cast<double>(h.max())), "num"}},
        css);
}

std::string endpoint_table(const run_result& run) {
  html_table t({"endpoint", {"requests", "num"}, {"failures", "num"}, {"req/s", "num"}, {"min", "num"},
                {"mean", "num"}, {"p50", "num"}, {"p90", "num"}, {"p95", "num"}, {"p99", "num"}, {"p99.9", "num"},
                {"max", "num"}},
               "endpoint-table");
  for (const auto& e : run.stats.endpoints) endpoint_row(t, e, run.duration_s, "");
  if (run.stats.endpoints.size() > 1) endpoint_row(t, run.stats.aggregate(), run.duration_s, "total");
  return html_element("p", "Latency in ms, from the intended start of each request.", "note") + "\n" + t.render();
}

std::string failure_table(const run_result& run) {
  const auto top = top_failure_reasons(run, 20);
  if (top.empty()) return "";
  html_table t({"endpoint", "reason", {"count", "num"}, {"status", "num"}, "first such response"}, "failure-reasons");
  for (const auto& [endpoint, r] : top)
    t.row({endpoint, r.reason, {std::to_string(r.count), "num"}, {r.status ? std::to_string(r.status) : "-", "num"},
           {r.sample, "code"}});
  return html_element("h3", "Why requests failed (most frequent first)") + "\n" + t.render();
}

std::string stream_table(const run_result& run) {
  html_table t({"endpoint", "figure", "formula", {"samples", "num"}, {"p50", "num"}, {"p90", "num"}, {"p99", "num"},
                {"max", "num"}, "unit"},
               "streams");
  for (const auto& e : run.stats.endpoints) {
    if (!e.stream) continue;
    for (const auto& f : stream_figure_rows) {
      const hdr_histogram& h = (*e.stream).*f.histogram;
      auto v = [&](double x) -> html_cell { return {fixed(x / f.unit, 2), "num"}; };
      t.row({e.name, f.label, f.formula, {std::to_string(h.count()), "num"},
             v(static_cast<double>(h.value_at_percentile(50))), v(static_cast<double>(h.value_at_percentile(90))),
             v(static_cast<double>(h.value_at_percentile(99))), v(static_cast<double>(h.max())), f.unit_name});
    }
  }
  return t.empty() ? "" : t.render();
}

std::string server_note(const run_result& run) {
  if (!run.server) {
    return html_element("p", "Not scraped: run with --scrape URL to see the server's own metrics here.", "note") + "\n";
  }
  const auto& m = *run.server;
  std::string sources;
  for (const auto& s : m.sources) sources += (sources.empty() ? "" : ", ") + s;
  return html_element("p", "Scraped " + sources + " every " + fixed(m.interval_s, 1) + " s: " + std::to_string(m.scrapes) +
                               " scrapes, " + std::to_string(m.failed_scrapes) + " failed. Same time axis as above.",
                      "note") + "\n";
}

std::string run_details(const run_result& run) {
  html_table t({"setting", "value"}, "settings");
  for (const auto& [k, v] : run.settings) t.row({k, {v, "code"}});
  if (run.machine) t.row({"machine", run.machine->describe()}).row({"load average at start", fixed(run.machine->load_average, 2)});
  return t.render();
}

}  // namespace

std::string render_html_report(const run_result& run) {
  bool streams = false;
  for (const auto& e : run.stats.endpoints) streams = streams || e.stream.has_value();
  std::string body = header(run) + "<main>\n" + totals(run);
  body += html_section("KPIs", kpi_table(run), "kpis");
  body += html_section("Endpoints", endpoint_table(run), "endpoints");
  body += html_section("Latency per second (p50, p95, p99)", chart_grid("latency"), "latency");
  body += html_section("Throughput and errors per second", chart_grid("throughput"), "throughput");
  if (!run.stats.load.empty()) body += html_section("Load applied", chart_grid("load"), "load");
  body += html_section("Percentile curve", html_element("p", "The whole latency distribution: x is 1/(1-q), so 90 %, "
                                                             "99 %, 99.9 % ... are equally spaced.", "note") +
                                               "\n" + chart_grid("percentiles"), "percentiles");
  body += html_section("Status codes and errors", chart_grid("status") + failure_table(run), "errors");
  if (streams) body += html_section("Streams (TTFT, ITL, TPOT)", chart_grid("streams") + stream_table(run), "streams");
  body += html_section("Server metrics", server_note(run) + chart_grid("server"), "server");
  body += html_section("Run", run_details(run), "run");
  body += "</main>\n<footer>ragbench loadgen · charts: Chart.js 3.9.1 (MIT), inlined</footer>\n";
  html_page page{"report", "ragbench: " + run.scenario + " — " + run.verdict, std::move(body), run_chart_data(run),
                 html_assets::report_js()};
  return render_page(page);
}

}  // namespace ragbench::loadgen
