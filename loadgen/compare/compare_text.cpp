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
  if (!r.note.empty()) v += " (" + r.note + ")";
  const bool missing = r.method == "missing";
  return {r.endpoint, std::string(to_string(r.metric)), missing ? "-" : format_value(r.metric, r.baseline),
          missing ? "-" : format_value(r.metric, r.candidate), format_change(r), format_interval(r), v};
}

std::string sources(const std::vector<std::string>& s) {
  std::string out;
  for (const auto& x : s) out += (out.empty() ? "" : ", ") + x;
  return out + " (" + std::to_string(s.size()) + (s.size() == 1 ? " run)" : " runs)");
}

void markdown_rows(std::ostringstream& out, const comparison& c, const std::vector<const metric_comparison*>& rows) {
  const auto h = header(c);
  out << "| " << h[0] << " | " << h[1] << " | " << h[2] << " | " << h[3] << " | " << h[4] << " | " << h[5] << " | "
      << h[6] << " |\n|---|---|---:|---:|---:|---|---|\n";
  for (const auto* r : rows) {
    auto cell = row_cells(*r);
    if (r->result == verdict::worse) cell[6] = "**" + cell[6] + "**";
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
  out << "\n" << describe_outcome(c) << "\n";
  return out.str();
}

std::string render_compare_markdown(const comparison& c) {
  std::ostringstream out;
  out << "## loadgen compare: " << (c.regressed() ? "**" : "") << describe_outcome(c) << (c.regressed() ? "**" : "")
      << "\n\n"
      << "- Baseline: " << md_cell(sources(c.baseline_sources)) << "\n"
      << "- Candidate: " << md_cell(sources(c.candidate_sources)) << "\n"
      << "- Method: " << md_cell(describe_method(c)) << "\n\n";
  std::vector<const metric_comparison*> changed, all;
  for (const auto& r : c.rows) {
    all.push_back(&r);
    if (r.result != verdict::same) changed.push_back(&r);
  }
  if (!changed.empty()) {
    out << "### Changes\n\n";
    markdown_rows(out, c, changed);
    out << "\n<details><summary>All " << c.rows.size() << " metrics</summary>\n\n";
  } else {
    out << "No metric changed beyond its tolerance.\n\n<details><summary>All " << c.rows.size()
        << " metrics</summary>\n\n";
  }
  markdown_rows(out, c, all);
  out << "\n</details>\n";
  if (!c.notes.empty()) {
    out << "\nNotes:\n";
    for (const auto& note : c.notes) out << "- " << md_cell(note) << "\n";
  }
  out << "\n<sub>A metric is worse or better only when its whole confidence interval lies beyond the tolerance "
         "(and, for latency, beyond the absolute floor); see docs/loadgen-compare.md.</sub>\n";
  return out.str();
}

}  // namespace ragbench::loadgen
