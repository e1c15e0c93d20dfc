#pragma once
// compare.html, written by `loadgen compare --out DIR` beside compare.md, compare.json and junit.xml: the
// outcome, warnings and notes, the verdict table (values, change, confidence interval, verdict and its
// explanation per endpoint and metric), and charts (assets/compare.js): each endpoint's percentile
// curve of the baseline and of the candidate overlaid on the "nines" axis (each side's runs merged),
// and per endpoint the relative changes with their intervals against the tolerance. Self-contained like
// report.html (loadgen/report/html/). Deterministic.
#include <string>
#include <vector>

#include "loadgen/compare/comparison.hpp"

namespace ragbench::loadgen {

// `baseline` and `candidate` are the runs `c` was computed from (their histograms give the curves;
// summary.json-only runs give none).
std::string render_compare_html(const comparison& c, const std::vector<run_sample>& baseline,
                                const std::vector<run_sample>& candidate);

}  // namespace ragbench::loadgen
