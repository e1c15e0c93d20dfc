// `loadgen compare`: its options (on loadgen/args/option_parser) and the run of one comparison.
#include "loadgen/compare/compare_cli.hpp"

#include <charconv>
#include <cmath>

#include "loadgen/args/option_parser.hpp"
#include "loadgen/compare/comparison.hpp"
#include "loadgen/compare/compare_html.hpp"
#include "loadgen/compare/compare_report.hpp"
#include "loadgen/report/file_writer.hpp"

namespace ragbench::loadgen {
namespace {

template <typename T>
T parse_number(const std::string& option, const std::string& text) {
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) {
    throw compare_input_error("compare: " + option + " '" + text + "' is not a number");
  }
  return value;
}

option_parser compare_parser() {
  option_parser p(
      "compare",
      "usage: loadgen compare [options] BASELINE CANDIDATE\n"
      "       loadgen compare [options] --baseline PATH [--baseline PATH...] --candidate PATH [...]\n",
      "\n"
      "Compares two load-test results per endpoint (and 'all') on p50, p95, p99, mean, rps and error rate;\n"
      "each metric is better, same or worse. A PATH is a run directory (histograms.json, else summary.json),\n"
      "one of those files, or a directory of run directories (several runs of one side).",
      "exit codes: 0 no regression (inconclusive changes included), 1 a metric is worse or an endpoint\n"
      "missing, 2 bad arguments, unreadable input, or runs of one side that are not repeats.\n"
      "Method and compare.json schema: docs/loadgen-compare.md");
  p.unexpected_hint("; expected BASELINE CANDIDATE");
  p.positional("BASELINE", "the baseline result (or --baseline)");
  p.positional("CANDIDATE", "the candidate result (or --candidate)");
  p.option("--baseline", "PATH", "a baseline result (repeatable)");
  p.option("--candidate", "PATH", "a candidate result (repeatable)");
  p.option("--tolerance", "METRIC=V",
           "allowed change: p50, p95, p99, mean, latency (all four), rps: relative\n"
           "(10% or 0.1; default 5%); errors: absolute ratio (default 0.1%) (repeatable);\n"
           "a bare number above 1 is an error (write 10%)");
  p.option("--noise-from", "PATH",
           "earlier runs of the baseline's configuration (a directory of runs, repeatable):\n"
           "their spread is the run-to-run noise of a side with one run");
  p.option("--gross-change", "PCT", "with no run-to-run estimate, call only changes beyond this (default 100%)");
  p.flag("--allow-missing",
         "an endpoint with traffic in the baseline and none in the candidate does not\n"
         "fail the comparison (it is still reported)");
  p.option("--min-abs-ms", "MS", "latency changes smaller than this are never flagged (default 0.05)");
  p.option("--confidence", "C", "confidence level of the intervals (default 0.95)");
  p.option("--iterations", "N", "bootstrap replicates (default 2000)");
  p.option("--seed", "N", "bootstrap seed (default 1)");
  p.option("--latency", "KIND", "total (from the intended start, default) or service (from the send)");
  p.option("--endpoint", "NAME", "compare only this endpoint ('all' = aggregate) (repeatable)");
  p.option("--out", "DIR", "also write compare.md, compare.json, junit.xml and compare.html into DIR");
  return p;
}

}  // namespace

std::string compare_usage_text() { return compare_parser().help(); }

compare_request parse_compare_args(const std::vector<std::string>& args) {
  compare_request r;
  option_parser p = compare_parser();
  try {
    if (!p.parse(args)) {
      r.help = true;
      return r;
    }
  } catch (const usage_error& e) {
    throw compare_input_error(e.what());
  }
  for (const auto& v : p.values("--baseline")) r.baseline.emplace_back(v);
  for (const auto& v : p.values("--candidate")) r.candidate.emplace_back(v);
  for (const auto& v : p.values("--tolerance")) apply_tolerance(r.options, v);
  for (const auto& v : p.values("--noise-from")) r.noise_from.emplace_back(v);
  if (auto v = p.last("--gross-change")) r.options.gross_change = parse_fraction_option("--gross-change", *v);
  r.options.allow_missing = p.given("--allow-missing");
  if (auto v = p.last("--min-abs-ms")) r.options.min_abs_ms = parse_number<double>("--min-abs-ms", *v);
  if (auto v = p.last("--confidence")) r.options.confidence = parse_number<double>("--confidence", *v);
  if (auto v = p.last("--iterations")) r.options.iterations = parse_number<int>("--iterations", *v);
  if (auto v = p.last("--seed")) r.options.seed = parse_number<std::uint64_t>("--seed", *v);
  if (auto kind = p.last("--latency")) {
    if (*kind != "total" && *kind != "service") {
      throw compare_input_error("compare: --latency '" + *kind + "': expected total or service");
    }
    r.options.service_time = *kind == "service";
  }
  r.options.endpoints = p.values("--endpoint");
  if (auto v = p.last("--out")) r.out_dir = *v;
  for (const char* name : {"BASELINE", "CANDIDATE"}) {
    const std::string positional = p.positional_value(name);
    if (positional.empty()) continue;
    if (r.baseline.empty()) {
      r.baseline.emplace_back(positional);
    } else if (r.candidate.empty()) {
      r.candidate.emplace_back(positional);
    } else {
      throw compare_input_error("compare: unexpected argument '" + positional + "'; expected BASELINE CANDIDATE");
    }
  }
  if (r.baseline.empty() || r.candidate.empty()) {
    throw compare_input_error(std::string("compare: missing ") + (r.baseline.empty() ? "BASELINE" : "CANDIDATE") +
                              "; usage: loadgen compare [options] BASELINE CANDIDATE");
  }
  validate(r.options);
  return r;
}

int run_compare(const compare_request& request, std::FILE* out, std::FILE* err) {
  auto load = [&](const std::vector<std::filesystem::path>& paths) {
    std::vector<run_sample> runs;
    for (const auto& p : paths) {
      for (auto& run : load_runs(p, request.options.service_time)) runs.push_back(std::move(run));
    }
    return runs;
  };
  const auto baseline = load(request.baseline);
  const auto candidate = load(request.candidate);
  const auto noise = load(request.noise_from);
  const auto c = compare_runs(baseline, candidate, request.options, noise);
  std::fputs(render_compare_table(c).c_str(), out);
  if (request.out_dir) {
    write_compare_files(c, *request.out_dir);
    write_file(*request.out_dir / "compare.html", render_compare_html(c, baseline, candidate));
    std::fprintf(err, "compare: wrote compare.md, compare.json, junit.xml and compare.html to %s\n",
                 request.out_dir->string().c_str());
  }
  return c.regressed() ? 1 : 0;
}

}  // namespace ragbench::loadgen
