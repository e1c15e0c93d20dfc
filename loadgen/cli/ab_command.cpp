// loadgen ab: parse the options, prepare the scenario, run the experiment (experiment/ab_experiment),
// print the verdict.
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <filesystem>

#include "common/units.hpp"
#include "loadgen/args/option_parser.hpp"
#include "loadgen/cli/analysis_commands.hpp"
#include "loadgen/cli/command_line.hpp"
#include "loadgen/cli/exit_codes.hpp"
#include "loadgen/cli/scenario_setup.hpp"
#include "loadgen/experiment/ab_experiment.hpp"
#include "loadgen/experiment/interrupt_watch.hpp"
#include "loadgen/experiment/run_execution.hpp"
#include "loadgen/experiment/warmup.hpp"
#include "loadgen/report/run_dir.hpp"
#include "loadgen/scenario/scenario_loader.hpp"

namespace ragbench::loadgen {
namespace {

const char* ab_synopsis =
    "usage: loadgen ab SCENARIO.yaml (--a CMD | --a-url URL | --a-config FILE)\n"
    "                  (--b CMD | --b-url URL | --b-config FILE) [--profile P.yaml] [--trials N]\n"
    "                  [--warmup DURATION] [--seed S] [--out DIR] [--confidence C] [--min-change PCT]\n"
    "                  [--set KEY=VALUE]... [--threads N] [--ready-timeout DURATION]\n";

option_parser ab_parser() {
  option_parser p(
      "ab", ab_synopsis,
      "  Runs A and B in interleaved trials (each pair AB or BA at random, seeded), restarting a server\n"
      "  started from a command for every trial, drops each trial's warm-up, and reports per KPI metric\n"
      "  (and p50/p95/p99/rps/error_rate of all) the difference B - A with a confidence interval and a\n"
      "  verdict for B. Writes ab.md, ab.json and one run directory per trial to DIR.",
      "  SIGINT/SIGTERM stop the trial in progress within a second; the trials run so far are written\n"
      "  with ab.json/ab.md saying \"interrupted\" (no comparison).\n"
      "exit: 0 B not worse on any KPI metric, 1 B worse on a KPI metric, 2 usage, 3 a trial failed to start,\n"
      "      130/143 interrupted by SIGINT/SIGTERM");
  p.unexpected_hint(" (one scenario only)");
  p.positional("SCENARIO.yaml", "the scenario both sides run (docs/loadgen-scenarios.md)");
  p.option("--a", "CMD",
           "side A's server command line, run with /bin/sh; {port} = a free port, {data_dir} = a\n"
           "fresh directory per trial; ready when it prints 'listening on http://HOST:PORT'\n"
           "(ragserver does) or, with {port}, accepts connections");
  p.option("--b", "CMD", "side B's server command line (as --a)");
  p.option("--a-url", "URL", "side A is an already running target (not restarted)");
  p.option("--b-url", "URL", "side B is an already running target (not restarted)");
  p.option("--a-config", "FILE", "side A is ragserver --config FILE --listen 127.0.0.1:{port}");
  p.option("--b-config", "FILE", "side B is ragserver --config FILE --listen 127.0.0.1:{port}");
  p.option("--profile", "P.yaml", "as for loadgen run: the load of each trial");
  p.option("--set", "KEY=VALUE", "as for loadgen run; repeatable");
  p.option("--threads", "N", "as for loadgen run: event-loop threads, 1 to 1024 (default: the number of cores)");
  p.option("--trials", "N", "trials per side, 1 to 100 (default 5; at least 4 for a 95% interval)");
  p.option("--warmup", "DURATION", "run first and discarded in every trial (default: the scenario's, else 5s)");
  p.option("--seed", "S", "seed of the trial order (default 1)");
  p.option("--out", "DIR", "output directory (default reports/runs/ab-<timestamp>)");
  p.option("--confidence", "C", "of the intervals, in [0.5, 1) (default 0.95)");
  p.option("--min-change", "PCT", "smaller significant changes count as same (default 1%)");
  p.option("--ready-timeout", "DURATION", "how long a server may take to start (default 30s)");
  return p;
}

struct ab_options {
  std::string scenario_path;
  std::optional<std::string> profile, out_dir;
  std::vector<std::string> sets;
  std::optional<std::chrono::nanoseconds> warmup;  // default: the scenario's, else 5s
  unsigned threads = 0;
  ab_plan plan;  // sides, trials, seed, settings, ready timeout (warm-up and out filled in later)
};

template <typename T>
T parse_integer(const std::string& opt, const std::string& v, T lo, T hi) {
  T n{};
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc{} || p != v.data() + v.size() || n < lo || n > hi)
    throw usage_error("ab: " + opt + " must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi) +
                      ", got '" + v + "'");
  return n;
}

std::chrono::nanoseconds parse_duration_opt(const std::string& opt, const std::string& v) {
  auto d = parse_duration(v, "s");
  if (!d) throw usage_error("ab: " + opt + " must be a duration like 5s or 500ms, got '" + v + "'");
  return *d;
}

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string ragserver_path() {
  char buf[4096];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n > 0) {
    auto p = std::filesystem::path(std::string(buf, static_cast<std::size_t>(n))).parent_path() / "ragserver";
    if (std::filesystem::exists(p)) return p.string();
  }
  return "ragserver";
}

// Side X from --X, --X-url or --X-config (exactly one of them, once).
ab_side side_from(const option_parser& p, const std::string& x) {
  const auto given = p.in_order({"--" + x, "--" + x + "-url", "--" + x + "-config"});
  ab_side side;
  if (given.empty()) return side;
  if (given.size() > 1)
    throw usage_error("ab: give side " + x + " only once (--" + x + ", --" + x + "-url or --" + x + "-config)");
  const auto& [opt, value] = given.front();
  if (value.empty()) throw usage_error("ab: " + opt + " needs a non-empty value");
  if (opt == "--" + x + "-url") {
    side.url = value;
  } else if (opt == "--" + x + "-config") {
    if (!std::filesystem::exists(value)) throw usage_error("ab: " + opt + ": no such file '" + value + "'");
    side.command = shell_quote(ragserver_path()) + " --config " + shell_quote(value) + " --listen 127.0.0.1:{port}";
  } else {
    side.command = value;
  }
  return side;
}

// nullopt: --help was given.
std::optional<ab_options> parse_ab(const std::vector<std::string>& args) {
  option_parser p = ab_parser();
  if (!p.parse(args)) return std::nullopt;
  ab_options o;
  o.plan.a = side_from(p, "a");
  o.plan.b = side_from(p, "b");
  o.profile = p.last("--profile");
  o.sets = p.values("--set");
  if (auto v = p.last("--trials")) o.plan.trials = parse_integer<std::size_t>("--trials", *v, 1, 100);
  if (auto v = p.last("--warmup")) o.warmup = parse_duration_opt("--warmup", *v);
  if (auto v = p.last("--seed")) o.plan.seed = parse_integer<std::uint64_t>("--seed", *v, 0, UINT64_MAX);
  o.out_dir = p.last("--out");
  if (auto v = p.last("--threads")) o.threads = parse_integer<unsigned>("--threads", *v, 1, 1024);
  if (auto v = p.last("--ready-timeout")) {
    const auto timeout = parse_duration_opt("--ready-timeout", *v);
    o.plan.ready_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(timeout);
  }
  if (auto v = p.last("--confidence")) {
    char* end = nullptr;
    o.plan.settings.confidence = std::strtod(v->c_str(), &end);
    if (v->empty() || *end != '\0' || !(o.plan.settings.confidence >= 0.5 && o.plan.settings.confidence < 1))
      throw usage_error("ab: --confidence must be a number in [0.5, 1), got '" + *v + "'");
  }
  if (auto v = p.last("--min-change")) {
    const bool pct = !v->empty() && v->back() == '%';
    if (pct) v->pop_back();
    char* end = nullptr;
    double x = std::strtod(v->c_str(), &end);
    if (v->empty() || *end != '\0' || !(x >= 0) || !std::isfinite(x))
      throw usage_error("ab: --min-change must be a percentage like 1% or a fraction like 0.01");
    o.plan.settings.min_change = pct ? x / 100 : x;
  }
  o.scenario_path = p.positional_value("SCENARIO.yaml");
  if (o.scenario_path.empty()) throw usage_error("ab: missing SCENARIO.yaml (see loadgen ab --help)");
  if (o.plan.a.label().empty() || o.plan.b.label().empty())
    throw usage_error(std::string("ab: missing side ") + (o.plan.a.label().empty() ? "A" : "B") +
                      ": give --a/--b (command), --a-url/--b-url or --a-config/--b-config");
  return o;
}

}  // namespace

int ab_main(const std::vector<std::string>& args, const cli_streams& io) {
  const std::optional<ab_options> parsed = parse_ab(args);
  if (!parsed) {
    std::fputs(ab_parser().help().c_str(), io.out);
    return exit_pass;
  }
  const ab_options& o = *parsed;
  interrupt_watch interrupts;  // Ctrl-C stops the trial in progress; what ran is written, then exit 130
  prepared_scenario p = prepare_scenario(o.scenario_path, o.profile, std::nullopt, o.sets);
  ab_plan plan = o.plan;
  plan.warmup = o.warmup.value_or(p.s.warmup.value_or(std::chrono::seconds(5)));
  plan.out = o.out_dir.value_or(default_out_dir("ab"));
  try {
    p.s = with_warmup(std::move(p.s), plan.warmup);
  } catch (const std::invalid_argument& e) {
    throw usage_error(std::string("ab: ") + e.what());
  }
  for (const ab_side* side : {&plan.a, &plan.b}) {
    if (side->url.empty()) continue;
    scenario probe = p.s;
    try {
      apply_override(probe, "target=" + side->url);
    } catch (const std::exception& e) {
      throw usage_error("ab: bad URL '" + side->url + "': " + e.what());
    }
  }

  execution_options xo;
  xo.threads = o.threads;
  xo.profile_path = o.profile;
  xo.interrupts = &interrupts;
  const ab_outcome result = run_ab_experiment(
      plan, p.s, p.kpis, [&](const scenario& s, const std::vector<kpi>& kpis) { return execute_run(s, kpis, xo); },
      [&](const std::string& line) { std::fprintf(io.err, "%s\n", line.c_str()); }, &interrupts);
  if (!result.failure.empty()) {
    std::fprintf(io.err, "loadgen ab: %s\n", result.failure.c_str());
    return exit_run_failed;
  }
  if (result.interrupted) {
    std::fprintf(io.err, "loadgen ab: %s; reports in %s\n", result.report.interrupted.c_str(), plan.out.c_str());
    return interrupts.exit_code();
  }
  const std::string table = render_ab_console(result.report);
  std::fwrite(table.data(), 1, table.size(), io.out);
  const bool worse = result.report.verdict == "worse";
  std::fprintf(io.err, "loadgen ab: B is %s on the KPI metrics; reports in %s\n", worse ? "WORSE" : "not worse",
               plan.out.c_str());
  return worse ? exit_kpi_failed : exit_pass;
}

}  // namespace ragbench::loadgen
