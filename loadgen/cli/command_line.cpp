// Subcommand and option parsing for loadgen.
#include "loadgen/cli/command_line.hpp"

#include <charconv>

namespace ragbench::loadgen {
namespace {

// Walks the arguments, handling "--opt value" and "--opt=value".
class arg_reader {
 public:
  arg_reader(const std::vector<std::string>& args, std::string cmd) : args_(args), cmd_(std::move(cmd)) {}
  bool done() const { return i_ >= args_.size(); }
  const std::string& peek() const { return args_[i_]; }
  std::string next() { return args_[i_++]; }
  // For an option token: its value (inline after '=' or the next argument).
  std::string value(const std::string& opt, const std::string& token) {
    if (auto eq = token.find('='); eq != std::string::npos) return token.substr(eq + 1);
    if (done()) throw usage_error(cmd_ + ": option " + opt + " needs a value");
    return next();
  }

 private:
  const std::vector<std::string>& args_;
  std::string cmd_;
  std::size_t i_ = 0;
};

std::string option_name(const std::string& token) { return token.substr(0, token.find('=')); }

unsigned parse_threads(const std::string& v) {
  unsigned n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc{} || p != v.data() + v.size() || n == 0 || n > 1024)
    throw usage_error("run: --threads must be an integer from 1 to 1024, got '" + v + "'");
  return n;
}

void need_file(const std::string& cmd, const std::string& what, const std::string& value) {
  if (value.empty()) throw usage_error(cmd + ": missing " + what + " (see loadgen " + cmd + " --help)");
}

}  // namespace

std::string usage_text(const std::string& sub) {
  if (sub == "run")
    return "usage: loadgen run SCENARIO.yaml [--profile P.yaml] [--target URL] [--out DIR]\n"
           "                  [--set KEY=VALUE]... [--threads N] [--strict] [--quiet]\n"
           "                  [--protocol http1|h2c|h2|auto] [--insecure] [--connections N] [--max-streams N]\n"
           "                  [--drain DURATION] [--max-body SIZE] [--max-error-rate PCT]\n"
           "  Runs the scenario and writes summary.json, report.md, stats.csv, junit.xml and\n"
           "  histograms.json to DIR (default reports/runs/<timestamp>).\n"
           "  --profile   replaces the scenario's load: block (profiles/*.yaml)\n"
           "  --target    overrides the target URL, e.g. http://127.0.0.1:8080\n"
           "  --set       overrides one key (load.users=50, load.duration=30s, seed=1, ...)\n"
           "  --threads   event-loop threads (default: the number of cores)\n"
           "  --protocol  http1, h2c (cleartext HTTP/2, http://), h2 or auto (ALPN, https://)\n"
           "  --insecure  do not verify the server's TLS certificate (self-signed test servers)\n"
           "  --connections, --max-streams  HTTP/2: connections, and concurrent streams on each\n"
           "  --drain     after the load duration, how long requests in flight may finish before they\n"
           "              count as unfinished (default: the longest request timeout, 30s unless set)\n"
           "  --max-body  bound on a body that a check or capture reads (default 10MiB; above: body_too_large)\n"
           "  --max-error-rate  the run fails above this error rate, e.g. 1% (default: 1% when the\n"
           "              scenario has no KPIs; when given, it applies with KPIs too)\n"
           "  --strict    a generator-limited run (dropped/late starts) fails with exit 1\n"
           "  --quiet     no live console and no summary table\n"
           "  SIGINT/SIGTERM stop the run within a second; the reports of what ran say 'interrupted'.\n"
           "exit: 0 pass, 1 a KPI or the error-rate bound failed, 2 usage/input error, 3 the run failed,\n"
           "      130/143 interrupted by SIGINT/SIGTERM\n";
  if (sub == "validate")
    return "usage: loadgen validate SCENARIO.yaml [--profile P.yaml] [--set KEY=VALUE]...\n"
           "  Checks the scenario (and profile and KPIs) without sending traffic.\n"
           "exit: 0 valid, 2 invalid (each problem printed as FILE:LINE: what is wrong)\n";
  if (sub == "report")
    return "usage: loadgen report DIR [--format md|csv|junit|json]\n"
           "  Re-renders a finished run directory to stdout (default: md).\n"
           "exit: 0 the run passed, 1 it failed (or was interrupted), 2 not a readable run directory\n";
  return "usage: loadgen <command> [options]\n"
         "commands:\n"
         "  run SCENARIO.yaml ...     run a scenario against a target\n"
         "  validate SCENARIO.yaml    check a scenario without sending traffic\n"
         "  report DIR                re-render a run directory\n"
         "  compare BASE CANDIDATE    regression verdict between two results\n"
         "  ab ...                    A/B trials of two server configurations\n"
         "  capacity SCENARIO.yaml    find the highest load that meets every KPI\n"
         "options: --help (also after a command), --version\n";
}

command parse_command_line(const std::vector<std::string>& args) {
  if (args.empty()) throw usage_error("missing command\n" + usage_text());
  const std::string& cmd = args[0];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") return help_request{usage_text(args.size() > 1 ? args[1] : "")};
  if (cmd == "--version" || cmd == "-V") return version_request{};
  if (cmd != "run" && cmd != "validate" && cmd != "report")
    throw usage_error("unknown command '" + cmd + "'\n" + usage_text());

  std::vector<std::string> rest(args.begin() + 1, args.end());
  arg_reader r(rest, cmd);
  run_options run;
  validate_options validate;
  report_options report;
  std::vector<std::string> positional;
  while (!r.done()) {
    std::string token = r.next();
    if (token == "--help" || token == "-h") return help_request{usage_text(cmd)};
    if (token.size() < 2 || token.rfind("--", 0) != 0) {
      positional.push_back(token);
      continue;
    }
    std::string opt = option_name(token);
    bool flag_has_value = token.find('=') != std::string::npos;
    if ((opt == "--profile") && cmd != "report") {
      run.profile_path = validate.profile_path = r.value(opt, token);
    } else if (opt == "--set" && cmd != "report") {
      std::string kv = r.value(opt, token);
      if (kv.find('=') == std::string::npos) throw usage_error(cmd + ": --set needs KEY=VALUE, got '" + kv + "'");
      run.sets.push_back(kv);
      validate.sets.push_back(kv);
    } else if (cmd == "run" && opt == "--target") {
      run.target = r.value(opt, token);
    } else if (cmd == "run" && opt == "--out") {
      run.out_dir = r.value(opt, token);
    } else if (cmd == "run" && opt == "--threads") {
      run.threads = parse_threads(r.value(opt, token));
    } else if (cmd == "run" && opt == "--protocol") {
      run.sets.push_back("protocol=" + r.value(opt, token));  // validated with the scenario
    } else if (cmd == "run" && opt == "--connections") {
      run.sets.push_back("connections=" + r.value(opt, token));
    } else if (cmd == "run" && opt == "--max-streams") {
      run.sets.push_back("max_streams=" + r.value(opt, token));
    } else if (cmd == "run" && opt == "--drain") {
      run.sets.push_back("drain=" + r.value(opt, token));  // validated with the scenario
    } else if (cmd == "run" && opt == "--max-body") {
      run.sets.push_back("max_body=" + r.value(opt, token));
    } else if (cmd == "run" && opt == "--max-error-rate") {
      run.sets.push_back("max_error_rate=" + r.value(opt, token));
    } else if (cmd == "run" && opt == "--insecure" && !flag_has_value) {
      run.sets.push_back("tls.insecure=true");
    } else if (cmd == "run" && (opt == "--strict" || opt == "--quiet") && !flag_has_value) {
      (opt == "--strict" ? run.strict : run.quiet) = true;
    } else if (cmd == "report" && opt == "--format") {
      report.format = r.value(opt, token);
      if (report.format != "md" && report.format != "csv" && report.format != "junit" && report.format != "json")
        throw usage_error("report: --format must be one of md, csv, junit, json; got '" + report.format + "'");
    } else {
      throw usage_error(cmd + ": unknown option '" + opt + "' (see loadgen " + cmd + " --help)");
    }
  }
  if (positional.size() > 1) throw usage_error(cmd + ": unexpected argument '" + positional[1] + "'");
  std::string first = positional.empty() ? std::string() : positional[0];
  if (cmd == "run") {
    need_file(cmd, "SCENARIO.yaml", first);
    run.scenario_path = first;
    return run;
  }
  if (cmd == "validate") {
    need_file(cmd, "SCENARIO.yaml", first);
    validate.scenario_path = first;
    return validate;
  }
  need_file(cmd, "DIR", first);
  report.dir = first;
  return report;
}

}  // namespace ragbench::loadgen
