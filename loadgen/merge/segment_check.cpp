// The refusals of `loadgen merge`: inputs that are not segments of the same test.
#include "loadgen/merge/segment_check.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "loadgen/merge/merge_refusal.hpp"

namespace ragbench::loadgen {

namespace {

std::string index_list(const std::vector<int>& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + std::to_string(v[i]);
  return out;
}

// "A (run_id x) and B (run_id y)" style refusal for the first input that disagrees with the first one.
void require_same(const std::vector<merge_input>& inputs, const char* what,
                  std::string (*field)(const merge_input&)) {
  const auto& first = inputs.front();
  for (const auto& in : inputs) {
    if (field(in) == field(first)) continue;
    throw merge_refusal("merge: " + first.dir.string() + " and " + in.dir.string() + " are not segments of the same test: " +
                        what + " '" + field(first) + "' vs '" + field(in) + "'");
  }
}

}  // namespace

std::string segment_coverage::describe() const {
  std::string out = "merged " + std::to_string(present.size()) + " of " + std::to_string(count);
  if (!partial()) return out;
  char pct[32];
  std::snprintf(pct, sizeof pct, "%.4g%%", share() * 100.0);
  return out + " (partial: " + pct + " of the load; missing segment" + (missing.size() == 1 ? " " : "s ") +
         index_list(missing) + ")";
}

std::vector<int> covered_segments(const run_segment& s) {
  if (s.merged_from.empty()) return {s.index};
  std::vector<int> v = s.merged_from;
  std::sort(v.begin(), v.end());
  return v;
}

segment_coverage check_segments(std::vector<merge_input>& inputs, bool allow_partial) {
  if (inputs.empty()) throw merge_refusal("merge: no run directories to merge");
  for (const auto& in : inputs) {
    if (!in.run.segment)
      throw merge_refusal("merge: " + in.dir.string() +
                          " is a whole run, not a segment (no \"segment\" object; run it with loadgen run --segment I/N)");
  }
  std::stable_sort(inputs.begin(), inputs.end(),
                   [](const merge_input& a, const merge_input& b) { return a.run.segment->index < b.run.segment->index; });
  require_same(inputs, "run_id", [](const merge_input& in) { return in.run.segment->run_id; });
  require_same(inputs, "scenario_hash", [](const merge_input& in) { return in.run.segment->scenario_hash; });
  require_same(inputs, "segment count", [](const merge_input& in) { return std::to_string(in.run.segment->count); });
  require_same(inputs, "load model (open and closed cannot be merged)",
               [](const merge_input& in) { return in.run.model; });

  segment_coverage cov;
  cov.count = inputs.front().run.segment->count;
  std::map<int, const merge_input*> owner;
  for (const auto& in : inputs) {
    for (int i : covered_segments(*in.run.segment)) {
      if (i < 0 || i >= cov.count)
        throw merge_refusal("merge: " + in.dir.string() + ": segment " + std::to_string(i) + " is outside 0.." +
                            std::to_string(cov.count - 1));
      auto [it, fresh] = owner.emplace(i, &in);
      if (!fresh)
        throw merge_refusal("merge: segment " + std::to_string(i) + " of " + std::to_string(cov.count) + " comes twice: " +
                            it->second->dir.string() + " and " + in.dir.string());
    }
  }
  for (int i = 0; i < cov.count; ++i) (owner.count(i) ? cov.present : cov.missing).push_back(i);
  if (cov.partial() && !allow_partial)
    throw merge_refusal("merge: segment" + std::string(cov.missing.size() == 1 ? " " : "s ") + index_list(cov.missing) +
                        " of " + std::to_string(cov.count) + " of run " + inputs.front().run.segment->run_id +
                        (cov.missing.size() == 1 ? " is" : " are") +
                        " missing; give every segment's directory, or --allow-partial to merge the " +
                        std::to_string(cov.present.size()) + " present");
  return cov;
}

}  // namespace ragbench::loadgen
