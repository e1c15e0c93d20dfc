// Repeats, like-with-like and machine checks of compare's inputs.
#include "loadgen/compare/like_check.hpp"

#include <cstdio>

#include "loadgen/compare/compare_options.hpp"

namespace ragbench::loadgen {
namespace {

std::string or_unknown(const std::string& s) { return s.empty() ? "(not recorded)" : s; }

std::string load_duration(std::string_view load) {
  for (std::string_view sep : {" for ", " over "}) {
    if (auto at = load.rfind(sep); at != std::string_view::npos) return std::string(load.substr(at + sep.size()));
  }
  return {};
}

std::string file_of(const run_sample& r) { return r.source; }

}  // namespace

std::string load_shape(std::string_view load) {
  for (const char* sep : {" for ", " over "}) {
    if (auto at = load.rfind(sep); at != std::string_view::npos) return std::string(load.substr(0, at));
  }
  return std::string(load);
}

void check_repeats(const std::vector<run_sample>& runs, std::string_view side) {
  if (runs.size() < 2) return;
  const run_sample& first = runs.front();
  for (const auto& r : runs) {
    std::string what;
    if (r.scenario != first.scenario) {
      what = "scenario '" + r.scenario + "' vs '" + first.scenario + "'";
    } else if (r.model != first.model) {
      what = "load model " + r.model + " vs " + first.model;
    } else if (!r.load.empty() && !first.load.empty() && load_shape(r.load) != load_shape(first.load)) {
      what = "load '" + r.load + "' vs '" + first.load + "'";
    }
    if (!what.empty()) {
      throw compare_input_error(std::string(side) + ": the runs are not repeats of one configuration (" + file_of(r) +
                                " differs from " + file_of(first) + ": " + what +
                                "); give the runs of one configuration per side");
    }
  }
}

likeness compare_setups(const run_sample& baseline, const run_sample& candidate) {
  likeness l;
  if (baseline.scenario != candidate.scenario) {
    l.differences.push_back("scenario '" + or_unknown(baseline.scenario) + "' vs '" + or_unknown(candidate.scenario) + "'");
  }
  if (baseline.model != candidate.model) {
    l.differences.push_back("load model " + or_unknown(baseline.model) + " vs " + or_unknown(candidate.model));
    l.loads_differ = true;
  } else if (!baseline.load.empty() && !candidate.load.empty() &&
             load_shape(baseline.load) != load_shape(candidate.load)) {
    l.differences.push_back("load '" + load_shape(baseline.load) + "' vs '" + load_shape(candidate.load) + "'");
    l.loads_differ = true;
  }
  if (!l.loads_differ && !baseline.load.empty() && !candidate.load.empty() &&
      load_duration(baseline.load) != load_duration(candidate.load)) {
    l.duration_note = "the runs last differently (" + load_duration(baseline.load) + " vs " +
                      load_duration(candidate.load) + "): same load, but the longer runs' tail percentiles are less noisy";
  }
  return l;
}

std::vector<std::string> machine_warnings(const std::vector<run_sample>& baseline,
                                          const std::vector<run_sample>& candidate) {
  std::vector<std::string> out;
  const machine_fingerprint* b = nullptr;
  const machine_fingerprint* c = nullptr;
  bool b_missing = false;
  for (const auto& r : baseline) {
    if (r.machine) b = b ? b : &*r.machine;
    else b_missing = true;
  }
  for (const auto& r : candidate) {
    if (r.machine) c = c ? c : &*r.machine;
  }
  if (c && b_missing) {
    out.push_back("the baseline carries no machine fingerprint (recorded before loadgen stored one), so it may come "
                  "from other hardware than the candidate (" + c->describe() +
                  "): re-record it here, or compare builds on one machine (ci/perf-gate.sh --against REF)");
  }
  if (b && c && !b->same_hardware(*c)) {
    out.push_back("the baseline was measured on other hardware (" + b->describe() + ") than the candidate (" +
                  c->describe() + "): the differences include the machine's; compare builds on one machine "
                  "(ci/perf-gate.sh --against REF) or re-record the baseline here");
  }
  return out;
}

std::vector<std::string> busy_machine_notes(const std::vector<run_sample>& baseline,
                                            const std::vector<run_sample>& candidate) {
  std::vector<std::string> out;
  for (const auto* side : {&baseline, &candidate}) {
    std::size_t busy = 0;
    const machine_fingerprint* busiest = nullptr;
    for (const auto& r : *side) {
      if (!r.machine || r.machine->cores == 0 || r.machine->load_average <= r.machine->cores) continue;
      ++busy;
      if (!busiest || r.machine->load_average > busiest->load_average) busiest = &*r.machine;
    }
    if (busy == 0) continue;
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "%zu of %zu %s runs started on a busy machine (load average up to %.1f on %u cores): expect "
                  "more run-to-run noise",
                  busy, side->size(), side == &baseline ? "baseline" : "candidate", busiest->load_average,
                  busiest->cores);
    out.emplace_back(buf);
  }
  return out;
}

}  // namespace ragbench::loadgen
