// `loadgen compare`: argument parsing and the run of one comparison.
#include "loadgen/compare/compare_cli.hpp"

#include <charconv>
#include <cmath>

#include "loadgen/compare/comparison.hpp"
#include "loadgen/compare/compare_report.hpp"

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

}  // namespace

std::string compare_usage_text() {
  return "usage: loadgen compare [options] BASELINE CANDIDATE\n"
         "       loadgen compare [options] --baseline PATH [--baseline PATH...] --candidate PATH [...]\n"
         "\n"
         "Compares two load-test results per endpoint (and 'all') on p50, p95, p99, mean, rps and error rate,\n"
         "and for streamed endpoints on ttft_p50/p95/p99, itl_p99, tpot_p50/p99, output_tokens_per_s and goodput;\n"
         "each metric is better, same or worse. A PATH is a run directory (histograms.json, else summary.json),\n"
         "one of those files, or a directory of run directories (several runs of one side).\n"
         "\n"
         "options:\n"
         "  --baseline PATH         a baseline result (repeatable)\n"
         "  --candidate PATH        a candidate result (repeatable)\n"
         "  --tolerance METRIC=V    allowed change: p50, p95, p99, mean, latency (all four), rps: relative\n"
         "                          (10% or 0.1; default 5%); errors: absolute ratio (default 0.1%); the stream\n"
         "                          metrics by name, stream (every ttft/itl/tpot one), goodput: absolute\n"
         "                          ratio (default 1%) (repeatable)\n"
         "  --min-abs-ms MS         latency changes smaller than this are never flagged (default 0.05)\n"
         "  --confidence C          confidence level of the intervals (default 0.95)\n"
         "  --iterations N          bootstrap replicates (default 2000)\n"
         "  --seed N                bootstrap seed (default 1)\n"
         "  --latency KIND          total (from the intended start, default) or service (from the send)\n"
         "  --endpoint NAME         compare only this endpoint ('all' = aggregate) (repeatable)\n"
         "  --out DIR               also write compare.md, compare.json and junit.xml into DIR\n"
         "  -h, --help              this text\n"
         "\n"
         "exit codes: 0 no regression, 1 a metric is worse, 2 bad arguments or unreadable input.\n"
         "Method and compare.json schema: docs/loadgen-compare.md\n";
}

compare_request parse_compare_args(const std::vector<std::string>& args) {
  compare_request r;
  std::vector<std::string> positional;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg == "-h" || arg == "--help") {
      r.help = true;
      return r;
    }
    if (arg.rfind("--", 0) != 0 || arg == "--") {
      if (arg != "--") positional.push_back(arg);
      continue;
    }
    std::string value;
    bool has_value = false;
    if (const auto eq = arg.find('='); eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      has_value = true;
    }
    auto take = [&]() {
      if (has_value) return value;
      if (i + 1 >= args.size()) throw compare_input_error("compare: " + arg + " needs a value");
      return args[++i];
    };
    if (arg == "--baseline") {
      r.baseline.emplace_back(take());
    } else if (arg == "--candidate") {
      r.candidate.emplace_back(take());
    } else if (arg == "--tolerance") {
      apply_tolerance(r.options, take());
    } else if (arg == "--min-abs-ms") {
      r.options.min_abs_ms = parse_number<double>(arg, take());
    } else if (arg == "--confidence") {
      r.options.confidence = parse_number<double>(arg, take());
    } else if (arg == "--iterations") {
      r.options.iterations = parse_number<int>(arg, take());
    } else if (arg == "--seed") {
      r.options.seed = parse_number<std::uint64_t>(arg, take());
    } else if (arg == "--latency") {
      const auto kind = take();
      if (kind != "total" && kind != "service") {
        throw compare_input_error("compare: --latency '" + kind + "': expected total or service");
      }
      r.options.service_time = kind == "service";
    } else if (arg == "--endpoint") {
      r.options.endpoints.push_back(take());
    } else if (arg == "--out") {
      r.out_dir = take();
    } else {
      throw compare_input_error("compare: unknown option '" + arg + "' (see loadgen compare --help)");
    }
  }
  for (auto& p : positional) {
    if (r.baseline.empty()) {
      r.baseline.emplace_back(p);
    } else if (r.candidate.empty()) {
      r.candidate.emplace_back(p);
    } else {
      throw compare_input_error("compare: unexpected argument '" + p + "'; expected BASELINE CANDIDATE");
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
  const auto c = compare_runs(baseline, candidate, request.options);
  std::fputs(render_compare_table(c).c_str(), out);
  if (request.out_dir) {
    write_compare_files(c, *request.out_dir);
    std::fprintf(err, "compare: wrote compare.md, compare.json and junit.xml to %s\n", request.out_dir->string().c_str());
  }
  return c.regressed() ? 1 : 0;
}

}  // namespace ragbench::loadgen
