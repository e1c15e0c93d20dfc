// compare_runs: checks the inputs are comparable, then judges every endpoint and metric; an endpoint with
// traffic on one side only is a finding of its own (missing / new).
#include "loadgen/compare/comparison.hpp"

#include <algorithm>
#include <cmath>

#include "loadgen/compare/like_check.hpp"
#include "loadgen/compare/metric_rows.hpp"

namespace ragbench::loadgen {
namespace {

std::vector<std::string> endpoint_names(const std::vector<run_sample>& b, const std::vector<run_sample>& c) {
  std::vector<std::string> names{std::string(aggregate_endpoint)};
  for (const auto* side : {&b, &c}) {
    for (const auto& run : *side) {
      for (const auto& e : run.endpoints) {
        if (std::find(names.begin(), names.end(), e.name) == names.end()) names.push_back(e.name);
      }
    }
  }
  return names;
}

// Traffic on one side only: missing (the candidate lost it), new, plausible silence, or nothing at all.
// Returns false when the endpoint has traffic on both sides (judge it normally).
bool presence_rows(const std::string& name, const side_endpoint& b, const side_endpoint& c, const compare_options& o,
                   std::vector<metric_comparison>& rows) {
  if (b.requests > 0 && c.requests > 0) return false;
  metric_comparison base;
  base.endpoint = name;
  base.baseline_requests = b.requests;
  base.candidate_requests = c.requests;
  base.baseline_runs = b.runs_with_traffic;
  base.candidate_runs = c.runs_with_traffic;
  if (b.requests > 0) {
    // Silence in the candidate is a finding unless the baseline's own runs make it plausible: some of them
    // had no traffic either, or so little that zero requests is likely by chance (Poisson at its rate).
    const double expected = c.duration_s > 0 && b.duration_s > 0
                                ? static_cast<double>(b.requests) / b.duration_s * c.duration_s
                                : static_cast<double>(b.requests);
    // Steady traffic (in most seconds of every baseline run) that stops is a finding; a sporadic endpoint's
    // bursts (per-user set-up requests when new users start) may just not have happened.
    const bool listed = c.runs_listing > 0;
    const bool steady = b.steady && b.runs_with_traffic == b.runs.size();
    const bool vanished = !listed || (steady && std::exp(-expected) < 1 - o.confidence);
    base.result = vanished ? verdict::missing : verdict::same;
    base.method = vanished ? "missing" : "no-data";
    base.note = !listed ? "not in the candidate's scenario"
                : vanished ? "no requests in the candidate"
                           : "no requests in the candidate, but the baseline's traffic to it was sporadic (bursts, or "
                             "too few requests): its absence may be chance";
  } else if (c.requests > 0) {
    base.result = verdict::added;
    base.method = "new";
    base.note = b.runs_listing > 0 ? "no requests in the baseline" : "only in the candidate";
  } else {
    base.method = "no-data";
    base.note = "no requests on either side";
  }
  for (auto m : all_compare_metrics) {
    metric_comparison row = base;
    row.metric = m;
    rows.push_back(std::move(row));
  }
  return true;
}

// The stream rows of an endpoint with traffic on both sides: the stream metrics when a side streamed, and
// goodput when a side judged requests against an slo: block. Present on one side only: missing (the
// candidate stopped streaming, or lost its SLO) or new.
void stream_rows(const std::string& name, const side_endpoint& b, const side_endpoint& c, const side_endpoint* noise,
                 const compare_options& o, bool loads_differ, std::vector<metric_comparison>& rows) {
  for (auto m : stream_compare_metrics) {
    const bool goodput = m == compare_metric::goodput;
    const bool base_has = goodput ? b.slo_requests > 0 : b.runs_streamed > 0;
    const bool cand_has = goodput ? c.slo_requests > 0 : c.runs_streamed > 0;
    if (!base_has && !cand_has) continue;
    metric_comparison row;
    row.endpoint = name;
    row.metric = m;
    row.baseline_requests = b.requests;
    row.candidate_requests = c.requests;
    if (!base_has || !cand_has) {
      row.result = base_has ? verdict::missing : verdict::added;
      row.method = base_has ? "missing" : "new";
      row.note = std::string(goodput ? "no requests judged against an SLO in the " : "no streamed responses in the ") +
                 (base_has ? "candidate" : "baseline");
      rows.push_back(std::move(row));
    } else if (goodput) {
      rows.push_back(proportion_row(std::move(row), b, c, o));
    } else {
      rows.push_back(statistic_row(std::move(row), b, c, noise, o, loads_differ));
    }
  }
}

std::vector<kpi_presence> kpi_differences(const std::vector<run_sample>& baseline,
                                          const std::vector<run_sample>& candidate) {
  auto all_of = [](const std::vector<run_sample>& runs) {
    std::vector<std::string> exprs;
    for (const auto& r : runs) {
      for (const auto& k : r.kpis) {
        if (std::find(exprs.begin(), exprs.end(), k) == exprs.end()) exprs.push_back(k);
      }
    }
    return exprs;
  };
  const auto b = all_of(baseline), c = all_of(candidate);
  std::vector<kpi_presence> out;
  if (b.empty() || c.empty()) return out;  // not recorded on one side: nothing to say
  for (const auto& k : b) {
    if (std::find(c.begin(), c.end(), k) == c.end()) out.push_back({k, verdict::missing});
  }
  for (const auto& k : c) {
    if (std::find(b.begin(), b.end(), k) == b.end()) out.push_back({k, verdict::added});
  }
  return out;
}

void add_input_notes(comparison& out, const std::vector<run_sample>& baseline, const std::vector<run_sample>& candidate,
                     const std::vector<run_sample>& noise) {
  const likeness like = compare_setups(baseline.front(), candidate.front());
  for (const auto& d : like.differences) {
    out.warnings.push_back("baseline and candidate are not like with like: " + d +
                           (like.loads_differ ? " (throughput is not judged)" : ""));
  }
  if (!like.duration_note.empty()) out.notes.push_back(like.duration_note);
  if (!noise.empty()) {
    const likeness n = compare_setups(baseline.front(), noise.front());
    for (const auto& d : n.differences) out.warnings.push_back("--noise-from runs differ from the baseline: " + d);
  }
  for (auto& w : machine_warnings(baseline, candidate)) out.warnings.push_back(std::move(w));
  for (const auto* side : {&baseline, &candidate}) {
    for (const auto& r : *side) {
      out.histograms = out.histograms && r.has_histograms;
      if (!r.generator_valid) {
        out.notes.push_back(r.source + ": the load generator was the limit in this run (" + r.generator_reason +
                            "); its figures are not trustworthy");
      }
    }
  }
  for (auto& n : busy_machine_notes(baseline, candidate)) out.notes.push_back(std::move(n));
  if (!out.histograms) {
    out.notes.push_back("some inputs are summary.json only (no histograms): only the spread between runs estimates "
                        "the noise; with one such run per side there is no noise estimate at all");
  }
}

}  // namespace

bool comparison::regressed() const {
  return count(verdict::worse) != 0 || (!options.allow_missing && count(verdict::missing) != 0);
}

bool comparison::inconclusive() const { return !regressed() && count(verdict::inconclusive) != 0; }

std::size_t comparison::count(verdict v) const {
  return static_cast<std::size_t>(std::count_if(rows.begin(), rows.end(), [v](const auto& r) { return r.result == v; }));
}

std::vector<std::string> comparison::endpoints_with(verdict v) const {
  std::vector<std::string> out;
  for (const auto& r : rows) {
    if (r.result == v && std::find(out.begin(), out.end(), r.endpoint) == out.end()) out.push_back(r.endpoint);
  }
  return out;
}

comparison compare_runs(const std::vector<run_sample>& baseline, const std::vector<run_sample>& candidate,
                        const compare_options& options, const std::vector<run_sample>& noise) {
  validate(options);
  if (baseline.empty()) throw compare_input_error("compare: no baseline run given");
  if (candidate.empty()) throw compare_input_error("compare: no candidate run given");
  check_repeats(baseline, "baseline");
  check_repeats(candidate, "candidate");
  check_repeats(noise, "--noise-from");
  comparison out;
  out.options = options;
  for (const auto& r : baseline) out.baseline_sources.push_back(r.source);
  for (const auto& r : candidate) out.candidate_sources.push_back(r.source);
  for (const auto& r : noise) out.noise_sources.push_back(r.source);
  add_input_notes(out, baseline, candidate, noise);
  const bool loads_differ = compare_setups(baseline.front(), candidate.front()).loads_differ;
  const std::string noise_label =
      noise.empty() ? ""
                    : "--noise-from " + noise.front().source +
                          (noise.size() > 1 ? " and " + std::to_string(noise.size() - 1) + " more" : std::string());
  for (const auto& name : endpoint_names(baseline, candidate)) {
    if (!options.endpoints.empty() &&
        std::find(options.endpoints.begin(), options.endpoints.end(), name) == options.endpoints.end()) {
      continue;
    }
    const side_endpoint b = gather_side(baseline, name, "baseline", options, 1);
    const side_endpoint c = gather_side(candidate, name, "candidate", options, 2);
    if (presence_rows(name, b, c, options, out.rows)) continue;
    const side_endpoint n = gather_side(noise, name, noise_label, options, 3);
    for (auto m : all_compare_metrics) {
      metric_comparison row;
      row.endpoint = name;
      row.metric = m;
      row.baseline_requests = b.requests;
      row.candidate_requests = c.requests;
      if (m == compare_metric::error_rate) {
        out.rows.push_back(proportion_row(std::move(row), b, c, options));
      } else {
        out.rows.push_back(statistic_row(std::move(row), b, c, noise.empty() ? nullptr : &n, options, loads_differ));
      }
    }
    if (name != aggregate_endpoint) stream_rows(name, b, c, noise.empty() ? nullptr : &n, options, loads_differ, out.rows);
  }
  for (const auto& name : options.endpoints) {
    if (std::none_of(out.rows.begin(), out.rows.end(), [&](const auto& r) { return r.endpoint == name; })) {
      throw compare_input_error("--endpoint '" + name + "': no such endpoint in either side");
    }
  }
  out.kpis = kpi_differences(baseline, candidate);
  return out;
}

}  // namespace ragbench::loadgen
