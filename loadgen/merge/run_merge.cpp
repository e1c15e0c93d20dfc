// The merge itself: statistics, time axis, flags, segment object, settings, then KPIs and verdict.
#include "loadgen/merge/run_merge.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "loadgen/merge/kpi_replay.hpp"

namespace ragbench::loadgen {

namespace {

std::string label(const run_segment& s) {
  const auto covered = covered_segments(s);
  std::string out = covered.size() == 1 ? "segment " : "segments ";
  for (std::size_t i = 0; i < covered.size(); ++i) out += (i ? "," : "") + std::to_string(covered[i]);
  return out;
}

// Whole seconds to move a series that started `offset_ms` after the earliest segment.
std::int64_t shift_seconds(std::int64_t offset_ms) { return static_cast<std::int64_t>(std::llround(offset_ms / 1000.0)); }

void merge_tags(std::map<std::string, std::vector<std::string>>& into, const std::map<std::string, std::vector<std::string>>& from) {
  for (const auto& [tag, names] : from) {
    auto& list = into[tag];
    for (const auto& n : names)
      if (std::find(list.begin(), list.end(), n) == list.end()) list.push_back(n);
  }
}

// The generator flag: invalid when any input was, with each such input's reason.
void merge_generator(run_result& out, const std::vector<merge_input>& inputs) {
  for (const auto& in : inputs) {
    if (in.run.generator_valid) continue;
    out.generator_valid = false;
    out.generator_reason += (out.generator_reason.empty() ? "" : "; ") + label(*in.run.segment) + ": " +
                            (in.run.generator_reason.empty() ? "generator-limited" : in.run.generator_reason);
  }
}

}  // namespace

run_result merge_runs(const std::vector<merge_input>& inputs, const segment_coverage& coverage) {
  const kpi_plan plan = common_kpi_plan(inputs);
  const merge_input& lowest = inputs.front();
  const auto earliest = std::min_element(inputs.begin(), inputs.end(), [](const merge_input& a, const merge_input& b) {
    return a.run.segment->started_unix_ms < b.run.segment->started_unix_ms;
  });
  const std::int64_t start_ms = earliest->run.segment->started_unix_ms;

  run_result out;
  out.scenario = lowest.run.scenario;
  out.started_at = earliest->run.started_at;
  out.model = lowest.run.model;
  out.target = lowest.run.target;
  out.settings = lowest.run.settings;
  out.settings.erase("segment");  // a segment's own "I/N", if it wrote one
  out.settings["segments"] = coverage.describe();
  out.machine = lowest.run.machine;

  double end_s = 0;
  double latest_start = -1;  // the largest start_late_s of the segments (when they had --start-at)
  std::vector<std::string> interrupted_labels;
  for (const auto& in : inputs) {
    const std::int64_t offset_ms = in.run.segment->started_unix_ms - start_ms;
    end_s = std::max(end_s, static_cast<double>(offset_ms) / 1000.0 + in.run.duration_s);
    const std::int64_t shift = shift_seconds(offset_ms);
    run_stats shifted = in.run.stats;
    for (auto& e : shifted.endpoints) e.series.shift(shift);
    shifted.load = load_series{};  // merged below, on the same axis
    out.stats.merge(shifted);
    out.stats.load.merge(in.run.stats.load, shift);
    merge_tags(out.tags, in.run.tags);
    if (!out.server && in.run.server) {  // one segment's scrape only: the lowest index that has one
      out.server = in.run.server;
      for (auto& series : out.server->series)
        for (auto& point : series.points) point.first += static_cast<double>(offset_ms) / 1000.0;
      out.settings["server_metrics"] = "scraped by " + label(*in.run.segment) + " only";
    }
    if (in.run.interrupted) interrupted_labels.push_back(label(*in.run.segment));
    if (auto late = in.run.settings.find("start_late_s"); late != in.run.settings.end())
      latest_start = std::max(latest_start, std::strtod(late->second.c_str(), nullptr));
  }
  if (latest_start >= 0) {  // --start-at: the latest segment's lateness, not the lowest's
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", latest_start);
    out.settings["start_late_s"] = text;
  }
  out.duration_s = end_s;
  merge_generator(out, inputs);

  run_segment seg;
  seg.index = lowest.run.segment->index;
  seg.count = coverage.count;
  seg.run_id = lowest.run.segment->run_id;
  seg.scenario_hash = lowest.run.segment->scenario_hash;
  seg.started_unix_ms = start_ms;
  seg.merged_from = coverage.present;
  out.segment = seg;

  compute_totals(out);
  evaluate_kpis(out, plan.kpis, plan.rules);
  for (const auto& in : inputs) {  // the first interrupted segment, on the merged time axis
    if (!in.run.interrupted) continue;
    run_interruption why = *in.run.interrupted;
    const double offset_s = static_cast<double>(in.run.segment->started_unix_ms - start_ms) / 1000.0;
    why.after_s += offset_s;
    why.planned_s += offset_s;
    mark_interrupted(out, why);
    std::string which;
    for (std::size_t i = 0; i < interrupted_labels.size(); ++i) which += (i ? ", " : "") + interrupted_labels[i];
    out.verdict_reason += " (interrupted: " + which + ")";
    break;
  }
  return out;
}

}  // namespace ragbench::loadgen
