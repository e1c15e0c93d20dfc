// report.md: per-endpoint table, errors, KPI table and verdict.
#include "loadgen/report/markdown_report.hpp"

#include <algorithm>
#include <sstream>

#include "loadgen/report/number_format.hpp"
#include "loadgen/report/server_figures.hpp"
#include "loadgen/report/stream_figures_table.hpp"

namespace ragbench::loadgen {
namespace {

std::string ms(double ns) { return fixed(ns_to_ms(ns), 2); }

void endpoint_row(std::ostringstream& out, const endpoint_stats& e, double duration_s, bool bold) {
  const auto& h = e.latency;
  auto p = [&](double q) { return ms(static_cast<double>(h.value_at_percentile(q))); };
  const double rps = duration_s > 0 ? static_cast<double>(e.requests) / duration_s : 0.0;
  const std::string name = bold ? "**" + md_cell(e.name) + "**" : md_cell(e.name);
  out << "| " << name << " | " << e.requests << " | " << e.failures << " | " << fixed(rps, 1) << " | "
      << ms(static_cast<double>(h.min())) << " | " << ms(h.mean()) << " | " << p(50) << " | " << p(90) << " | "
      << p(95) << " | " << p(99) << " | " << p(99.9) << " | " << ms(static_cast<double>(h.max())) << " |\n";
}

// Streams: one row per figure and endpoint with its formula, then the counts; goodput; the names
// other tools use.
// Why requests failed: the reasons with a count and the first sample, most frequent first (at most 10).
void failure_reason_section(std::ostringstream& out, const run_result& run) {
  const auto top = top_failure_reasons(run, 10);
  if (top.empty()) return;
  out << "\n### Why requests failed (most frequent first; the sample is the first such response)\n\n"
      << "| endpoint | reason | count | status | sample |\n|---|---|---:|---:|---|\n";
  for (const auto& [endpoint, r] : top) {
    out << "| " << md_cell(endpoint) << " | " << md_cell(r.reason) << " | " << r.count << " | "
        << (r.status ? std::to_string(r.status) : "-") << " | " << (r.sample.empty() ? "" : "`" + md_cell(r.sample) + "`")
        << " |\n";
  }
}

void stream_sections(std::ostringstream& out, const run_result& run) {
  bool any_stream = false, any_slo = false;
  for (const auto& e : run.stats.endpoints) {
    any_stream = any_stream || e.stream.has_value();
    any_slo = any_slo || e.slo_requests != 0;
  }
  if (any_stream) {
    out << "\n### Streams (text/event-stream responses; percentiles over streams, ITL over every gap)\n\n"
        << "| endpoint | figure | formula | unit | samples | min | mean | p50 | p90 | p95 | p99 | p99.9 | max |\n"
        << "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const auto& e : run.stats.endpoints) {
      if (!e.stream) continue;
      for (const auto& f : stream_figure_rows) {
        const hdr_histogram& h = (*e.stream).*f.histogram;
        auto v = [&](double x) { return fixed(x / f.unit, 2); };
        auto p = [&](double q) { return v(static_cast<double>(h.value_at_percentile(q))); };
        out << "| " << md_cell(e.name) << " | " << f.label << " | " << f.formula << " | " << f.unit_name << " | "
            << h.count() << " | " << v(static_cast<double>(h.min())) << " | " << v(h.mean()) << " | " << p(50)
            << " | " << p(90) << " | " << p(95) << " | " << p(99) << " | " << p(99.9) << " | "
            << v(static_cast<double>(h.max())) << " |\n";
      }
    }
    out << "\n| endpoint | streams | cut | output events | tokens | streams with a usage frame | tokens per event "
           "(tokens / events) | output tokens/s (tokens / duration) |\n|---|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const auto& e : run.stats.endpoints) {
      if (!e.stream) continue;
      const auto& s = *e.stream;
      const double per_event = s.events ? static_cast<double>(s.tokens) / static_cast<double>(s.events) : 0.0;
      const double per_s = run.duration_s > 0 ? static_cast<double>(s.tokens) / run.duration_s : 0.0;
      out << "| " << md_cell(e.name) << " | " << s.streams << " | " << s.cut << " | " << s.events << " | " << s.tokens
          << " | " << s.usage_streams << " | " << fixed(per_event, 2) << " | " << fixed(per_s, 1) << " |\n";
    }
  }
  if (any_slo) {
    out << "\n### Goodput (requests meeting every limit of their step's slo:)\n\n"
        << "| endpoint | judged | good | goodput (good / judged) | goodput req/s (good / duration) |\n"
        << "|---|---:|---:|---:|---:|\n";
    for (const auto& e : run.stats.endpoints) {
      if (e.slo_requests == 0) continue;
      const double g = 100.0 * static_cast<double>(e.good) / static_cast<double>(e.slo_requests);
      const double rps = run.duration_s > 0 ? static_cast<double>(e.good) / run.duration_s : 0.0;
      out << "| " << md_cell(e.name) << " | " << e.slo_requests << " | " << e.good << " | " << fixed(g, 2) << "% | "
          << fixed(rps, 2) << " |\n";
    }
  }
  if (any_stream) {
    out << "\n<details><summary>The same figures in other tools</summary>\n\n"
        << "| ragbench | vLLM bench serve | GuideLLM | AIPerf |\n|---|---|---|---|\n";
    for (const auto& n : stream_name_rows)
      out << "| " << n.ours << " | " << n.vllm << " | " << n.guidellm << " | " << n.aiperf << " |\n";
    out << "\nDefinitions and differences: docs/loadgen-results.md, \"Stream metrics\".\n\n</details>\n";
  }
}

// The scraped server series: one row each (values in a readable unit: ms for seconds, MiB for bytes).
void server_section(std::ostringstream& out, const server_metrics& m) {
  out << "\n### Server metrics (scraped every " << fixed(m.interval_s, m.interval_s < 1 ? 1 : 0) << " s from ";
  for (std::size_t i = 0; i < m.sources.size(); ++i) out << (i ? ", " : "") << "`" << md_cell(m.sources[i]) << "`";
  out << ": " << m.scrapes << " scrapes, " << m.failed_scrapes << " failed)\n\n";
  if (m.series.empty()) {
    out << "No series: " << (m.scrapes == m.failed_scrapes ? "every scrape failed." : "none of the named metrics appeared.")
        << "\n";
    return;
  }
  out << "| series | unit | points | min | mean | max | last |\n|---|---|---:|---:|---:|---:|---:|\n";
  std::vector<const server_series*> by_name;  // a series' labels sit beside its siblings
  for (const auto& s : m.series) by_name.push_back(&s);
  std::sort(by_name.begin(), by_name.end(), [](const auto* a, const auto* b) { return a->name < b->name; });
  for (const server_series* p : by_name) {
    const server_series& s = *p;
    const series_figures f = figures_of(s);
    double scale = 1;
    int decimals = 3;
    std::string unit = s.unit;
    if (s.unit == "s") scale = 1000, decimals = 2, unit = "ms";
    else if (s.unit == "bytes") scale = 1.0 / (1 << 20), decimals = 1, unit = "MiB";
    else if (s.unit == "1/s") decimals = 1, unit = "/s";
    auto v = [&](double x) { return fixed(x * scale, decimals); };
    out << "| " << md_cell(s.name) << " | " << unit << " | " << f.points << " | " << v(f.min) << " | " << v(f.mean)
        << " | " << v(f.max) << " | " << v(f.last) << " |\n";
  }
}

}  // namespace

// Which part of a distributed test this is: one segment, or segments merged (with the share of the
// load a partial merge covers).
void segment_line(std::ostringstream& out, const run_segment& s) {
  if (s.merged_from.empty()) {
    out << "Segment " << s.index << " of " << s.count << " of run `" << md_cell(s.run_id)
        << "`: this segment's share of the load only (`loadgen merge` combines the segments).\n\n";
    return;
  }
  out << "Merged from segment" << (s.merged_from.size() == 1 ? " " : "s ");
  for (std::size_t i = 0; i < s.merged_from.size(); ++i) out << (i ? ", " : "") << s.merged_from[i];
  out << " of " << s.count << " of run `" << md_cell(s.run_id) << "`.\n\n";
  if (static_cast<int>(s.merged_from.size()) < s.count) {
    const double pct = 100.0 * static_cast<double>(s.merged_from.size()) / static_cast<double>(s.count);
    out << "> ⚠️ **Partial merge: these figures cover " << fixed(pct, 1) << "% of the load** (" << s.merged_from.size()
        << " of " << s.count << " segments).\n\n";
  }
}

std::string render_markdown(const run_result& run) {
  std::ostringstream out;
  const bool pass = run.verdict == "pass";
  const char* badge = pass ? "✅ PASS" : run.verdict == "interrupted" ? "⛔ INTERRUPTED" : "❌ FAIL";
  out << "## ragbench loadgen: " << md_cell(run.scenario) << " — " << badge << "\n\n";
  if (run.interrupted) out << "> ⛔ **The run was cut short:** " << md_cell(run.verdict_reason) << "\n\n";
  out << "Started " << run.started_at << ", " << fixed(run.duration_s, 1) << " s, " << run.model << " model";
  if (!run.target.empty()) out << ", target `" << run.target << "`";
  out << ".\n\n";
  if (run.segment) segment_line(out, *run.segment);
  if (run.machine) {
    out << "Machine: " << md_cell(run.machine->describe()) << "; load average " << fixed(run.machine->load_average, 2)
        << " at the start.\n\n";
  }
  out << "Total: " << run.totals.requests << " requests, " << run.totals.failures << " failures, "
      << fixed(run.totals.rps, 1) << " req/s";
  if (run.model == "open") out << ", " << run.totals.dropped << " dropped, " << run.totals.late << " late";
  out << ".\n\n";
  if (!run.generator_valid) {
    out << "> ⚠️ **The load generator could not keep up; these numbers are not trustworthy:** "
        << md_cell(run.generator_reason) << "\n\n";
  }

  out << "### Latency (ms, from intended start)\n\n"
      << "| endpoint | requests | failures | req/s | min | mean | p50 | p90 | p95 | p99 | p99.9 | max |\n"
      << "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& e : run.stats.endpoints) endpoint_row(out, e, run.duration_s, false);
  if (run.stats.endpoints.size() > 1) endpoint_row(out, run.stats.aggregate(), run.duration_s, true);
  if (!run.tags.empty()) {
    out << "\n### By tag (the endpoints whose steps carry the tag, merged)\n\n"
        << "| tag | requests | failures | req/s | min | mean | p50 | p90 | p95 | p99 | p99.9 | max |\n"
        << "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const auto& group : tag_groups(run)) endpoint_row(out, group, run.duration_s, false);
  }

  bool any_errors = false;
  for (const auto& e : run.stats.endpoints) any_errors = any_errors || e.failures != 0;
  if (any_errors) {
    out << "\n### Errors\n\n| endpoint | kind | count |\n|---|---|---:|\n";
    for (const auto& e : run.stats.endpoints) {
      for (auto k : all_error_kinds) {
        if (e.error_count(k) != 0) out << "| " << md_cell(e.name) << " | " << to_string(k) << " | " << e.error_count(k) << " |\n";
      }
    }
    failure_reason_section(out, run);
  }

  if (run.totals.rate_limited != 0) {
    out << "\n### Rate limited (429, not failures)\n\n| endpoint | 429 answers | share of requests |\n|---|---:|---:|\n";
    for (const auto& e : run.stats.endpoints) {
      if (e.rate_limited == 0) continue;
      out << "| " << md_cell(e.name) << " | " << e.rate_limited << " | "
          << fixed(100.0 * static_cast<double>(e.rate_limited) / static_cast<double>(e.requests), 1) << "% |\n";
    }
  }
  stream_sections(out, run);
  if (run.server) server_section(out, *run.server);

  if (!run.kpis.empty()) {
    out << "\n### KPIs\n\n| KPI | value | result |\n|---|---:|---|\n";
    for (const auto& k : run.kpis) {
      out << "| `" << md_cell(k.expr) << "` | " << fixed(k.value, 2) << k.unit << " | "
          << (k.pass ? "✅ pass" : "❌ fail");
      if (!k.message.empty()) out << " (" << md_cell(k.message) << ")";
      out << " |\n";
    }
  }
  out << "\n**Verdict: " << run.verdict << "**";
  if (!run.verdict_reason.empty()) out << " — " << md_cell(run.verdict_reason);
  out << "\n";
  return out.str();
}

}  // namespace ragbench::loadgen
