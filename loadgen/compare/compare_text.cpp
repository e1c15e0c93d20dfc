// The console table and compare.md.
#include <algorithm>
#include <array>
#include <sstream>

#include "loadgen/compare/compare_format.hpp"
#include "loadgen/compare/compare_report.hpp"
#include "loadgen/report/number_format.hpp"

namespace ragbench::loadgen {
namespace {

using cells = std::array<std::string, 7>;

cells header(const comparison& c) {
  return {"endpoint", "metric", "baseline", "candidate", "change", fixed(c.options.confidence * 100, 0) + "% CI",
          "verdict"};
}

cells row_cells(const metric_comparison& r) {
  std::string v(to_string(r.result));
  if (!r.note.empty() && r.result != verdict::missing && r.result != verdict::added) v += " (" + r.note + ")";
  const bool values = has_values(r);
  return {r.endpoint, std::string(to_string(r.metric)), values ? format_value(r.metric, r.baseline) : "-",
          values ? format_value(r.metric, r.candidate) : "-", format_change(r), format_interval(r), v};
}

std::string sources(const std::vector<std::string>& s) {
  std::string out;
  for (const auto& x : s) out += (out.empty() ? "" : ", ") + x;
  return out + " (" + std::to_string(s.size()) + (s.size() == 1 ? " run)" : " runs)");
}

// One explanation per finding: every row that is not `same`, an endpoint's missing/new rows once.
std::vector<std::string> findings(const comparison& c) {
  std::vector<std::string> out;
  std::vector<std::string> endpoints_done;
  for (const auto& r : c.rows) {
    if (r.result == verdict::same) continue;
    if (r.result == verdict::missing || r.result == verdict::added) {
      // Once per endpoint, its stream rows and its goodput row: each of those sets is missing as a whole.
      const std::string key = r.endpoint + (r.metric == compare_metric::goodput ? " goodput"
                                            : is_stream_metric(r.metric)       ? " stream"
                                                                               : "");
      if (std::find(endpoints_done.begin(), endpoints_done.end(), key) != endpoints_done.end()) continue;
      endpoints_done.push_back(key);
    }
    out.push_back(explain(r, c.options));
  }
  for (const auto& k : c.kpis) {
    const bool missing = k.status == verdict::missing;
    out.push_back("KPI '" + k.expr + "': " + (missing ? "in the baseline only (missing)" : "in the candidate only (new)"));
  }
  return out;
}

void markdown_rows(std::ostringstream& out, const comparison& c, const std::vector<const metric_comparison*>& rows) {
  const auto h = header(c);
  out << "| " << h[0] << " | " << h[1] << " | " << h[2] << " | " << h[3] << " | " << h[4] << " | " << h[5] << " | "
      << h[6] << " |\n|---|---|---:|---:|---:|---|---|\n";
  for (const auto* r : rows) {
    auto cell = row_cells(*r);
    if (r->result == verdict::worse || r->result == verdict::missing) cell[6] = "**" + cell[6] + "**";
    out << "|";
    for (const auto& x : cell) out << " " << md_cell(x) << " |";
    out << "\n";
  }
}

}  // namespace

std::string render_compare_table(const comparison& c) {
  std::vector<cells> table{header(c)};
  for (const auto& r : c.rows) table.push_back(row_cells(r));
  std::array<std::size_t, 7> width{};
  for (const auto& row : table) {
    for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  std::ostringstream out;
  for (const auto& w : c.warnings) out << "WARNING: " << w << "\n";
  if (!c.warnings.empty()) out << "\n";
  out << "baseline:  " << sources(c.baseline_sources) << "\n"
      << "candidate: " << sources(c.candidate_sources) << "\n"
      << "method:    " << describe_method(c) << "\n\n";
  for (std::size_t n = 0; n < table.size(); ++n) {
    std::string line;
    for (std::size_t i = 0; i < table[n].size(); ++i) {
      const bool right = i >= 2 && i <= 4;  // numbers
      const std::string pad(width[i] - table[n][i].size(), ' ');
      line += (i ? "  " : "") + (right ? pad + table[n][i] : table[n][i] + (i + 1 < table[n].size() ? pad : ""));
    }
    out << line << "\n";
  }
  for (const auto& note : c.notes) out << "note: " << note << "\n";
  const auto why = findings(c);
  if (!why.empty()) out << "\n";
  for (const auto& f : why) out << "- " << f << "\n";
  out << "\n" << describe_outcome(c) << "\n";
  return out.str();
}

std::string render_compare_markdown(const comparison& c) {
  std::ostringstream out;
  const bool bad = c.regressed();
  out << "## loadgen compare: " << (bad ? "**" : "") << describe_outcome(c) << (bad ? "**" : "") << "\n\n";
  for (const auto& w : c.warnings) out << "> ⚠️ **" << md_cell(w) << "**\n>\n";
  if (!c.warnings.empty()) out << "\n";
  out << "- Baseline: " << md_cell(sources(c.baseline_sources)) << "\n"
      << "- Candidate: " << md_cell(sources(c.candidate_sources)) << "\n"
      << "- Method: " << md_cell(describe_method(c)) << "\n\n";
  const auto why = findings(c);
  if (!why.empty()) {
    out << "### Findings\n\n";
    for (const auto& f : why) out << "- " << md_cell(f) << "\n";
    out << "\n";
  } else {
    out << "No metric changed beyond its tolerance and the noise.\n\n";
  }
  std::vector<const metric_comparison*> changed, all;
  for (const auto& r : c.rows) {
    all.push_back(&r);
    if (r.result != verdict::same) changed.push_back(&r);
  }
  if (!changed.empty()) {
    out << "### Changes\n\n";
    markdown_rows(out, c, changed);
    out << "\n";
  }
  out << "<details><summary>All " << c.rows.size() << " metrics</summary>\n\n";
  markdown_rows(out, c, all);
  out << "\n</details>\n";
  if (!c.notes.empty()) {
    out << "\nNotes:\n";
    for (const auto& note : c.notes) out << "- " << md_cell(note) << "\n";
  }
  out << "\n<sub>A metric is worse or better only when its whole confidence interval, which includes the noise "
         "between runs, lies beyond the tolerance (and, for latency, beyond the absolute floor); see "
         "docs/loadgen-compare.md.</sub>\n";
  return out.str();
}

}  // namespace ragbench::loadgen
