// loadgen capacity: step the open-model arrival rate up until a KPI fails or the server saturates,
// bisect, report the highest passing rate, the knee and the curve; optionally fit the USL.
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "common/units.hpp"
#include "loadgen/args/option_parser.hpp"
#include "loadgen/cli/analysis_commands.hpp"
#include "loadgen/cli/command_line.hpp"
#include "loadgen/cli/exit_codes.hpp"
#include "loadgen/cli/interrupt_watch.hpp"
#include "loadgen/cli/run_execution.hpp"
#include "loadgen/cli/scenario_setup.hpp"
#include "loadgen/experiment/capacity_report.hpp"
#include "loadgen/experiment/capacity_step.hpp"
#include "loadgen/experiment/server_process.hpp"
#include "loadgen/report/file_writer.hpp"
#include "loadgen/report/run_dir.hpp"
#include "loadgen/scenario/scenario_loader.hpp"

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
      "  counted as the server's limit. Writes capacity.md, capacity.json and steps/ to DIR.",
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
  std::optional<std::string> profile, target, server, out_dir, usl;
  std::vector<std::string> sets, usl_from;
  std::vector<unsigned> threads_list;
  capacity_plan plan;
  std::chrono::nanoseconds step_duration{std::chrono::seconds(10)}, warmup{0};
  unsigned threads = 0;
  std::chrono::milliseconds ready_timeout{30000};
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
  o.server = p.last("--server");
  o.out_dir = p.last("--out");
  o.sets = p.values("--set");
  if (auto v = p.last("--start")) o.plan.start_rate = parse_rate("--start", *v);
  if (auto v = p.last("--step")) o.plan.step = parse_rate("--step", *v);
  if (auto v = p.last("--max")) o.plan.max_rate = parse_rate("--max", *v);
  if (auto v = p.last("--factor")) {
    char* end = nullptr;
    o.plan.factor = std::strtod(v->c_str(), &end);
    if (v->empty() || *end != '\0' || !(o.plan.factor > 1 && o.plan.factor <= 100))
      throw usage_error("capacity: --factor must be a number above 1 (e.g. 1.5), got '" + *v + "'");
  }
  if (auto v = p.last("--step-duration")) o.step_duration = parse_dur("--step-duration", *v);
  if (auto v = p.last("--warmup")) o.warmup = parse_dur("--warmup", *v);
  if (auto v = p.last("--bisect")) o.plan.bisect = parse_unsigned("--bisect", *v, 0, 20);
  if (auto v = p.last("--threads")) o.threads = parse_unsigned("--threads", *v, 1, 1024);
  if (auto v = p.last("--ready-timeout"))
    o.ready_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(parse_dur("--ready-timeout", *v));
  o.usl = p.last("--usl");
  o.usl_from = p.values("--usl-from");
  for (const auto& v : p.values("--threads-list"))
    for (std::size_t at = 0; at <= v.size();) {
      auto end = v.find(',', at);
      if (end == std::string::npos) end = v.size();
      o.threads_list.push_back(parse_unsigned("--threads-list", v.substr(at, end - at), 1, 1024));
      at = end + 1;
    }
  o.scenario_path = p.positional_value("SCENARIO.yaml");
  if (p.given("--step") && o.plan.factor > 0) throw usage_error("capacity: give --step or --factor, not both");
  if (o.usl && !o.usl_from.empty()) throw usage_error("capacity: give --usl or --usl-from, not both");
  if (o.step_duration < std::chrono::seconds(1)) throw usage_error("capacity: --step-duration must be at least 1s");
  if (!o.threads_list.empty() && !o.server) throw usage_error("capacity: --threads-list needs --server \"CMD ... {threads}\"");
  if (!o.threads_list.empty() && o.server->find("{threads}") == std::string::npos)
    throw usage_error("capacity: with --threads-list the --server command must contain {threads}");
  if (o.server && o.target) throw usage_error("capacity: give --target or --server, not both");
  if (o.scenario_path.empty() && !o.usl && o.usl_from.empty())
    throw usage_error("capacity: missing SCENARIO.yaml (see loadgen capacity --help)");
  try {
    (void)step_rates(o.plan);
  } catch (const std::invalid_argument& e) {
    throw usage_error(e.what());
  }
  return o;
}

// Points from capacity output directories: "DIR" (its runs with server thread counts) or "N=DIR".
std::vector<usl_point> points_from_dirs(const std::vector<std::string>& items) {
  std::vector<usl_point> pts;
  for (const auto& item : items) {
    std::optional<unsigned> forced;
    std::string dir = item;
    if (auto eq = item.find('='); eq != std::string::npos) {
      forced = parse_unsigned("--usl-from", item.substr(0, eq), 1, 1024);
      dir = item.substr(eq + 1);
    }
    std::ifstream in(std::filesystem::path(dir) / "capacity.json");
    if (!in) throw usage_error("capacity: --usl-from: no capacity.json in '" + dir + "'");
    nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.contains("runs") || !j["runs"].is_array())
      throw usage_error("capacity: --usl-from: " + dir + "/capacity.json is not a capacity result");
    for (const auto& run : j["runs"]) {
      const double peak = run.value("peak_throughput", 0.0);
      if (forced) {
        pts.push_back({static_cast<double>(*forced), peak});
        break;
      }
      if (!run.contains("threads") || !run["threads"].is_number())
        throw usage_error("capacity: --usl-from: " + dir + " has no server thread count; write it as N=" + dir);
      pts.push_back({run["threads"].get<double>(), peak});
    }
  }
  return pts;
}

}  // namespace

int capacity_main(const std::vector<std::string>& args, const cli_streams& io) {
  const std::optional<capacity_options> parsed = parse_capacity(args);
  if (!parsed) {
    std::fputs(capacity_parser().help().c_str(), io.out);
    return exit_pass;
  }
  const capacity_options& o = *parsed;
  interrupt_watch interrupts;  // Ctrl-C stops the step in progress; the search so far is written, exit 130
  capacity_report report;
  report.plan = o.plan;
  report.step_duration_s = std::chrono::duration<double>(o.step_duration).count();
  report.warmup_s = std::chrono::duration<double>(o.warmup).count();
  const std::filesystem::path out = o.out_dir.value_or(default_out_dir("capacity"));
  int code = exit_pass;

  if (!o.scenario_path.empty()) {
    prepared_scenario p = prepare_scenario(o.scenario_path, o.profile, o.target, o.sets);
    report.scenario = p.s.name;
    const auto kpis = capacity_kpis(p.kpis);
    std::vector<std::optional<unsigned>> thread_counts;
    for (unsigned t : o.threads_list) thread_counts.emplace_back(t);
    if (thread_counts.empty()) thread_counts.emplace_back(std::nullopt);

    for (const auto& threads : thread_counts) {
      const auto run_dir = threads ? out / ("threads-" + std::to_string(*threads)) : out;
      std::unique_ptr<server_process> server;
      capacity_run run;
      run.threads = threads;
      run.target = p.s.target.text;
      if (o.server) {
        std::map<std::string, std::string> vars;
        if (threads) vars["threads"] = std::to_string(*threads);
        try {
          server = std::make_unique<server_process>(*o.server, run_dir / "server", vars, o.ready_timeout,
                                                    [&] { return interrupts.interrupted(); });
        } catch (const server_start_error& e) {
          if (interrupts.interrupted()) break;
          std::fprintf(io.err, "loadgen capacity: server failed to start: %s\n", e.what());
          return exit_run_failed;
        }
        run.target = server->url();
      }
      scenario base = p.s;
      apply_override(base, "target=" + run.target);
      if (threads) std::fprintf(io.err, "loadgen capacity: %u server threads\n", *threads);
      auto runner = [&](double rate, std::size_t index) {
        scenario s = step_scenario(base, rate, o.step_duration, o.warmup);
        execution_options xo;
        xo.threads = o.threads;
        xo.profile_path = o.profile;
        xo.interrupts = &interrupts;
        execution x = execute_run(s, kpis, xo);
        char name[64];
        std::snprintf(name, sizeof name, "step-%02zu-%g", index + 1, rate);
        const auto dir = run_dir / "steps" / name;
        write_run_dir(x.run, dir);
        step_measurement m = measure_step(x.run, x.outcome, s, rate);
        m.dir = dir.string();
        if (x.run.interrupted) m.interrupted = x.run.verdict_reason;
        return m;
      };
      run.result = search_capacity(o.plan, runner, [&](const capacity_step& st) {
        std::fprintf(io.err, "  %s%8g/s: achieved %.0f/s, p50 %.2f ms, p99 %.2f ms: %s%s%s\n", st.bisection ? "bisect " : "",
                     st.rate, st.m.achieved_rps, st.m.p50_ms, st.m.p99_ms, to_string(st.status).c_str(),
                     st.reason.empty() ? "" : " - ", st.reason.c_str());
      });
      if (server) server->stop();
      if (run.result.unreachable) code = exit_run_failed;
      else if (!run.result.max_passing_rate && code == exit_pass)
        code = run.result.generator_limited ? exit_run_failed : exit_kpi_failed;
      if (threads) report.usl_points.push_back({static_cast<double>(*threads), run.result.peak_throughput});
      report.runs.push_back(std::move(run));
      if (interrupts.interrupted()) break;
    }
  }
  if (interrupts.interrupted()) {
    report.interrupted = "interrupted by " + interrupts.signal_name() + " at " + interrupts.at() +
                         "; the steps before it are complete, the search is not";
    code = interrupts.exit_code();
  }

  try {
    if (o.usl) report.usl_points = parse_usl_points(*o.usl);
    if (!o.usl_from.empty()) report.usl_points = points_from_dirs(o.usl_from);
  } catch (const std::invalid_argument& e) {
    throw usage_error(std::string("capacity: ") + e.what());
  }
  if (o.usl || !o.usl_from.empty() || o.threads_list.size() > 0) {
    try {
      report.usl = fit_usl(report.usl_points);
      for (const auto& run : report.runs)
        if (run.threads && !run.result.first_failing_rate)
          report.usl->note += (report.usl->note.empty() ? "" : "; ") + std::to_string(*run.threads) +
                              " threads: no step failed, so its peak throughput is only a lower bound";
    } catch (const std::invalid_argument& e) {
      if (o.usl || !o.usl_from.empty()) throw usage_error(std::string("capacity: ") + e.what());
      report.usl_error = e.what();
    }
  }

  std::filesystem::create_directories(out);
  write_file(out / "capacity.json", to_json(report).dump(2) + "\n");
  write_file(out / "capacity.md", render_capacity_markdown(report));
  const std::string console = render_capacity_console(report);
  std::fwrite(console.data(), 1, console.size(), io.out);
  std::fprintf(io.err, "loadgen capacity: reports in %s\n", out.c_str());
  return code;
}

}  // namespace ragbench::loadgen
