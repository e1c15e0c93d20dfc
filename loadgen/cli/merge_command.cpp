// loadgen merge: read the segment run directories, check they belong together (loadgen/merge/),
// merge them, write the usual reports, print the summary and decide like run.
#include <cstdio>
#include <filesystem>

#include "loadgen/args/option_parser.hpp"
#include "loadgen/cli/analysis_commands.hpp"
#include "loadgen/cli/exit_codes.hpp"
#include "loadgen/merge/merge_inputs.hpp"
#include "loadgen/merge/merge_refusal.hpp"
#include "loadgen/merge/run_merge.hpp"
#include "loadgen/merge/segment_check.hpp"
#include "loadgen/report/run_dir.hpp"

namespace ragbench::loadgen {
namespace {

const char* merge_synopsis = "usage: loadgen merge DIR... [--out DIR] [--allow-partial] [--strict] [--quiet]\n";

option_parser merge_parser() {
  option_parser p("merge", merge_synopsis,
                  "  Merges the run directories of the segments of one distributed test (loadgen run --segment I/N)\n"
                  "  into one run, as if one process had run the whole load: histograms merged exactly, per-second\n"
                  "  series aligned on wall-clock time, counts added; every KPI and the verdict evaluated again on\n"
                  "  the merged data. Writes summary.json, report.md, report.html, stats.csv, failures.csv,\n"
                  "  junit.xml and histograms.json to --out. A DIR that holds run directories (and is none\n"
                  "  itself) stands for all of them. Refuses runs that are not segments of the same test.",
                  "exit: 0 pass, 1 a KPI or the error-rate bound failed, or a segment was interrupted,\n"
                  "      2 usage/input error (including inputs that do not belong together), 3 writing failed");
  p.option("--out", "DIR", "output directory (default reports/runs/merge-<timestamp>)");
  p.flag("--allow-partial", "merge even when segments are missing; the result says what share of the load it covers");
  p.flag("--strict", "a generator-limited segment makes the merged run fail (exit 1), as for loadgen run");
  p.flag("-q,--quiet", "do not print the merged report.md");
  return p;
}

// Splits DIR arguments (anything not an option or the value of --out) from the options.
void split_args(const std::vector<std::string>& args, std::vector<std::string>& dirs, std::vector<std::string>& options) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.empty() || a[0] != '-') {
      dirs.push_back(a);
      continue;
    }
    options.push_back(a);
    if (a == "--out" && i + 1 < args.size()) options.push_back(args[++i]);
  }
}

bool same_dir(const std::filesystem::path& a, const std::filesystem::path& b) {
  std::error_code ec;
  return std::filesystem::equivalent(a, b, ec) && !ec;
}

}  // namespace

int merge_main(const std::vector<std::string>& args, const cli_streams& io) {
  option_parser p = merge_parser();
  std::vector<std::string> dir_args, options;
  split_args(args, dir_args, options);
  if (!p.parse(options)) {
    std::fputs(p.help().c_str(), io.out);
    return exit_pass;
  }
  if (dir_args.empty()) throw usage_error("merge: give the segments' run directories; see loadgen merge --help");
  const std::string out_dir = p.last("--out").value_or(default_out_dir("merge"));
  const bool quiet = p.given("--quiet");

  run_result run;
  segment_coverage coverage;
  std::vector<merge_input> inputs;
  try {
    inputs = read_merge_inputs(expand_merge_dirs(dir_args));
    for (const auto& in : inputs)
      if (same_dir(in.dir, out_dir))
        throw merge_refusal("merge: --out " + out_dir + " is one of the inputs; write the merged run elsewhere");
    coverage = check_segments(inputs, p.given("--allow-partial"));
    run = merge_runs(inputs, coverage);
  } catch (const merge_refusal& e) {
    throw usage_error(e.what());
  }
  std::fprintf(io.err, "loadgen: merged %zu of %d segments of run %s (%s)\n", coverage.present.size(), coverage.count,
               run.segment->run_id.c_str(), run.scenario.c_str());
  if (coverage.partial())
    std::fprintf(io.err, "loadgen: warning: partial merge: the result covers %.4g%% of the load (%zu of %d segments)\n",
                 coverage.share() * 100.0, coverage.present.size(), coverage.count);
  write_run_dir(run, out_dir);
  if (!quiet) {
    const std::string md = render(run, "md");
    std::fwrite(md.data(), 1, md.size(), io.out);
  }
  if (!run.generator_valid)
    std::fprintf(io.err, "loadgen: warning: generator-limited: %s\n", run.generator_reason.c_str());
  std::fprintf(io.err, "loadgen: verdict %s%s%s; reports in %s\n", run.verdict.c_str(),
               run.verdict_reason.empty() ? "" : ": ", run.verdict_reason.c_str(), out_dir.c_str());
  if (run.verdict != "pass") return exit_kpi_failed;
  if (p.given("--strict") && !run.generator_valid) return exit_kpi_failed;
  return exit_pass;
}

}  // namespace ragbench::loadgen
