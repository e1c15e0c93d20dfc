// loadgen capacity: parse the options, prepare the scenario, run the search (experiment/
// capacity_experiment) and the USL fit, write capacity.json / capacity.md / capacity.html, print the curve.
#include <charconv>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "common/units.hpp"
#include "loadgen/args/option_parser.hpp"
#include "loadgen/cli/analysis_commands.hpp"
#include "loadgen/cli/command_line.hpp"
#include "loadgen/cli/exit_codes.hpp"
#include "loadgen/cli/scenario_setup.hpp"
#include "loadgen/experiment/capacity_experiment.hpp"
#include "loadgen/experiment/capacity_html.hpp"
#include "loadgen/experiment/interrupt_watch.hpp"
#include "loadgen/experiment/run_execution.hpp"
#include "loadgen/report/file_writer.hpp"
#include "loadgen/report/run_dir.hpp"

namespace ragbench::loadgen {
namespace {

const char* capacity_synopsis =
    "usage: loadgen capacity SCENARIO.yaml [--target URL | --server CMD [--threads-list 1,2,4]]\n"
    "                        [--start 100/s] [--step 100/s | --factor 1.5] [--max 100000/s]\n"
    "                        [--step-duration 10s] [--warmup 0s] [--bisect N] [--out DIR]\n"
    "                        [--profile P.yaml] [--set KEY=VALUE]... [--threads N]\n"
    "                        [--usl T1=RPS1,T2=RPS2,... | --usl-from DIR|N=DIR...]\n";

option_parser capacity_parser() {
  option_parser p(
      "capacity", capacity_synopsis,
      "  Runs the scenario's tasks as an open model at a constant arrival rate per step, raising it\n"
      "  until a KPI fails (rps/requests KPIs excepted) or the server saturates (achieved < 90% of\n"
      "  offered, > 1% dropped or failed); bisects between the last pass and the first failure. Steps\n"
      "  where loadgen itself fell behind (> 1% late starts) stop the search and are flagged, never\n"
      "  counted as the server's limit. Writes capacity.md, capacity.html, capacity.json and steps/ to DIR.",
      "  SIGINT/SIGTERM stop the step in progress within a second and write what was found so far.\n"
      "exit: 0 a rate met every KPI, 1 not even --start did, 2 usage, 3 a run or server start failed,\n"
      "      130/143 interrupted by SIGINT/SIGTERM");
  p.positional("SCENARIO.yaml", "the scenario whose tasks run at each rate (not needed with --usl/--usl-from)");
  p.option("--target", "URL", "the server (default: the scenario's target)");
  p.option("--server", "CMD", "start this command for the search ({port}, {data_dir}, {threads} placeholders)");
  p.option("--threads-list", "N,N,...", "with --server: one search per server thread count, then a USL fit");
  p.option("--start", "RATE", "arrival rate of the first step, iterations per second, e.g. 100/s (default 100/s)");
  p.option("--step", "RATE", "added per step (default 100/s)");
  p.option("--factor", "F", "multiply the rate per step instead, above 1 (e.g. 1.5)");
  p.option("--max", "RATE", "no step above this rate (default 100000/s)");
  p.option("--step-duration", "DURATION", "measured time per step, at least 1s (default 10s)");
  p.option("--warmup", "DURATION", "run first in every step and dropped (default 0s)");
  p.option("--bisect", "N", "bisection steps after the first failure, 0 to 20 (default 0)");
  p.option("--out", "DIR", "output directory (default reports/runs/capacity-<timestamp>)");
  p.option("--profile", "P.yaml", "as for loadgen run (its load is replaced by the steps; max_connections is kept)");
  p.option("--set", "KEY=VALUE", "as for loadgen run; repeatable");
  p.option("--threads", "N", "as for loadgen run: event-loop threads, 1 to 1024 (default: the number of cores)");
  p.option("--ready-timeout", "DURATION", "how long the --server may take to start (default 30s)");
  p.option("--usl", "T=RPS,...", "fit the Universal Scalability Law to given throughputs (threads=rps); no scenario needed");
  p.option("--usl-from", "DIR|N=DIR",
           "the same from capacity output directories (their --threads-list runs, or N=DIR);\n"
           "takes the directories that follow it too");
  return p;
}

// "--usl-from A B C" -> "--usl-from A --usl-from B --usl-from C" while B, C are directories (or N=DIR),
// so that the parser sees one value per flag and a scenario after them stays a scenario.
std::vector<std::string> spread_usl_from(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    out.push_back(args[i]);
    if (args[i] != "--usl-from" && args[i].rfind("--usl-from=", 0) != 0) continue;
    if (args[i] == "--usl-from" && i + 1 < args.size()) out.push_back(args[++i]);
    while (i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0 &&
           std::filesystem::is_directory(args[i + 1].substr(args[i + 1].find('=') + 1))) {
      out.push_back("--usl-from");
      out.push_back(args[++i]);
    }
  }
  return out;
}

struct capacity_options {
  std::string scenario_path;
  std::optional<std::string> profile, target, out_dir, usl;
  std::vector<std::string> sets, usl_from;
  unsigned threads = 0;
  capacity_setup setup;  // plan, step duration, warm-up, server, thread counts, ready timeout
};

double parse_rate(const std::string& opt, std::string v) {
  const std::string text = v;
  double scale = 1;
  if (v.size() > 2 && v[v.size() - 2] == '/') {
    const char u = v.back();
    scale = u == 's' ? 1 : u == 'm' ? 1.0 / 60 : u == 'h' ? 1.0 / 3600 : 0;
    v.resize(v.size() - 2);
  }
  char* end = nullptr;
  const double r = std::strtod(v.c_str(), &end);
  if (scale == 0 || v.empty() || *end != '\0' || !std::isfinite(r) || r <= 0)
    throw usage_error("capacity: " + opt + " must be a rate like 100/s, got '" + v + "'");
  if (r * scale > max_rate_per_s)
    throw usage_error("capacity: " + opt + " " + text + " is above the limit of " + max_rate_text);
  return r * scale;
}

unsigned parse_unsigned(const std::string& opt, const std::string& v, unsigned lo, unsigned hi) {
  unsigned n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc{} || p != v.data() + v.size() || n < lo || n > hi)
    throw usage_error("capacity: " + opt + " must be an integer from " + std::to_string(lo) + " to " +
                      std::to_string(hi) + ", got '" + v + "'");
  return n;
}

std::chrono::nanoseconds parse_dur(const std::string& opt, const std::string& v) {
  auto d = parse_duration(v, "s");
  if (!d) throw usage_error("capacity: " + opt + " must be a duration like 10s, got '" + v + "'");
  return *d;
}

// nullopt: --help was given.
std::optional<capacity_options> parse_capacity(const std::vector<std::string>& args) {
  option_parser p = capacity_parser();
  if (!p.parse(spread_usl_from(args))) return std::nullopt;
  capacity_options o;
  o.profile = p.last("--profile");
  o.target = p.last("--target");
  o.setup.server = p.last("--server");
  o.out_dir = p.last("--out");
  o.sets = p.values("--set");
  if (auto v = p.last("--start")) o.setup.plan.start_rate = parse_rate("--start", *v);
  if (auto v = p.last("--step")) o.setup.plan.step = parse_rate("--step", *v);
  if (auto v = p.last("--max")) o.setup.plan.max_rate = parse_rate("--max", *v);
  if (auto v = p.last("--factor")) {
    char* end = nullptr;
    o.setup.plan.factor = std::strtod(v->c_str(), &end);
    if (v->empty() || *end != '\0' || !(o.setup.plan.factor > 1 && o.setup.plan.factor <= 100))
      throw usage_error("capacity: --factor must be a number above 1 (e.g. 1.5), got '" + *v + "'");
  }
  if (auto v = p.last("--step-duration")) o.setup.step_duration = parse_dur("--step-duration", *v);
  if (auto v = p.last("--warmup")) o.setup.warmup = parse_dur("--warmup", *v);
  if (auto v = p.last("--bisect")) o.setup.plan.bisect = parse_unsigned("--bisect", *v, 0, 20);
  if (auto v = p.last("--threads")) o.threads = parse_unsigned("--threads", *v, 1, 1024);
  if (auto v = p.last("--ready-timeout"))
    o.setup.ready_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(parse_dur("--ready-timeout", *v));
  o.usl = p.last("--usl");
  o.usl_from = p.values("--usl-from");
  for (const auto& v : p.values("--threads-list"))
    for (std::size_t at = 0; at <= v.size();) {
      auto end = v.find(',', at);
      if (end == std::string::npos) end = v.size();
      o.setup.threads_list.push_back(parse_unsigned("--threads-list", v.substr(at, end - at), 1, 1024));
      at = end + 1;
    }
  o.scenario_path = p.positional_value("SCENARIO.yaml");
  if (p.given("--step") && o.setup.plan.factor > 0) throw usage_error("capacity: give --step or --factor, not both");
  if (o.usl && !o.usl_from.empty()) throw usage_error("capacity: give --usl or --usl-from, not both");
  if (o.setup.step_duration < std::chrono::seconds(1)) throw usage_error("capacity: --step-duration must be at least 1s");
  if (!o.setup.threads_list.empty() && !o.setup.server) throw usage_error("capacity: --threads-list needs --server \"CMD ... {threads}\"");
  if (!o.setup.threads_list.empty() && o.setup.server->find("{threads}") == std::string::npos)
    throw usage_error("capacity: with --threads-list the --server command must contain {threads}");
  if (o.setup.server && o.target) throw usage_error("capacity: give --target or --server, not both");
  if (o.scenario_path.empty() && !o.usl && o.usl_from.empty())
    throw usage_error("capacity: missing SCENARIO.yaml (see loadgen capacity --help)");
  try {
    (void)step_rates(o.setup.plan);
  } catch (const std::invalid_argument& e) {
    throw usage_error(e.what());
  }
  return o;
}

// The exit code of a finished search: 3 when a target was unreachable or only the generator limited it,
// 1 when no rate met every KPI, else 0.
int exit_code_of(const capacity_report& report) {
  int code = exit_pass;
  for (const auto& run : report.runs) {
    if (run.result.unreachable) code = exit_run_failed;
    else if (!run.result.max_passing_rate && code == exit_pass)
      code = run.result.generator_limited ? exit_run_failed : exit_kpi_failed;
  }
  return code;
}

}  // namespace

int capacity_main(const std::vector<std::string>& args, const cli_streams& io) {
  std::optional<capacity_options> parsed = parse_capacity(args);
  if (!parsed) {
    std::fputs(capacity_parser().help().c_str(), io.out);
    return exit_pass;
  }
  capacity_options& o = *parsed;
  interrupt_watch interrupts;  // Ctrl-C stops the step in progress; the search so far is written, exit 130
  o.setup.out = o.out_dir.value_or(default_out_dir("capacity"));
  capacity_report report = capacity_report_for(o.setup);
  if (!o.scenario_path.empty()) {
    const prepared_scenario p = prepare_scenario(o.scenario_path, o.profile, o.target, o.sets);
    std::fprintf(io.err, "loadgen %s\n", describe_capacity_plan(o.setup).c_str());
    execution_options xo;
    xo.threads = o.threads;
    xo.profile_path = o.profile;
    xo.interrupts = &interrupts;
    capacity_outcome result = run_capacity_experiment(
        o.setup, p.s, p.kpis, [&](const scenario& s, const std::vector<kpi>& kpis) { return execute_run(s, kpis, xo); },
        [&](const std::string& line) { std::fprintf(io.err, "%s\n", line.c_str()); }, &interrupts);
    if (!result.failure.empty()) {
      std::fprintf(io.err, "loadgen capacity: %s\n", result.failure.c_str());
      return exit_run_failed;
    }
    report = std::move(result.report);
  }
  int code = interrupts.interrupted() ? interrupts.exit_code() : exit_code_of(report);
  if (interrupts.interrupted() && report.interrupted.empty())  // before the first step
    report.interrupted = "interrupted by " + interrupts.signal_name() + " at " + interrupts.at() +
                         "; the steps before it are complete, the search is not";

  const bool usl_given = o.usl || !o.usl_from.empty();
  try {
    if (o.usl) report.usl_points = parse_usl_points(*o.usl);
    if (!o.usl_from.empty()) report.usl_points = usl_points_from_dirs(o.usl_from);
    if (usl_given || !o.setup.threads_list.empty()) fit_capacity_usl(report, usl_given);
  } catch (const std::invalid_argument& e) {
    throw usage_error(std::string("capacity: ") + e.what());
  }

  std::filesystem::create_directories(o.setup.out);
  write_file(o.setup.out / "capacity.json", to_json(report).dump(2) + "\n");
  write_file(o.setup.out / "capacity.md", render_capacity_markdown(report));
  write_file(o.setup.out / "capacity.html", render_capacity_html(report));
  const std::string console = render_capacity_console(report);
  std::fwrite(console.data(), 1, console.size(), io.out);
  std::fprintf(io.err, "loadgen capacity: reports in %s\n", o.setup.out.c_str());
  return code;
}

}  // namespace ragbench::loadgen
