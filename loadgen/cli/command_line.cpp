// The run, validate and report subcommands' options (on option_parser) and the top-level dispatch.
#include "loadgen/cli/command_line.hpp"

#include <cctype>
#include <charconv>
#include <chrono>
#include <stdexcept>

#include "common/units.hpp"
#include "loadgen/cli/run_identity.hpp"

namespace ragbench::loadgen {
namespace {

const char* run_synopsis =
    "usage: loadgen run SCENARIO.yaml [--profile P.yaml] [--target URL] [--out DIR]\n"
    "                  [--set KEY=VALUE]... [--threads N] [--strict] [--quiet | --silent]\n"
    "                  [-u USERS] [-r SPAWN_RATE] [--rate RATE] [-d DURATION] [--kpi EXPR]...\n"
    "                  [--tags T]... [--exclude-tags T]... [--progress-interval DURATION]\n"
    "                  [--protocol http1|h2c|h2|auto] [--insecure] [--connections N] [--max-streams N]\n"
    "                  [--drain DURATION] [--max-body SIZE] [--max-error-rate PCT] [--scrape URL]...\n"
    "                  [--web HOST:PORT] [--metrics-listen HOST:PORT]\n"
    "                  [--segment I/N] [--start-at TIME] [--run-id ID]\n"
    "       loadgen run URL [-X METHOD] [--header 'K: V']... [--body-file F] [--content-type T]\n"
    "                  [-u USERS | --rate RATE] [-d DURATION] [--kpi EXPR]... [other run options]\n";

// The run options that are shorthands for one --set key, applied in command-line order with --set.
struct set_shorthand {
  const char* flag;
  const char* key;
};
constexpr set_shorthand run_shorthands[] = {{"--protocol", "protocol"},   {"--connections", "connections"},
                                            {"--max-streams", "max_streams"}, {"--drain", "drain"},
                                            {"--max-body", "max_body"},   {"--max-error-rate", "max_error_rate"},
                                            {"--users", "load.users"},    {"--spawn-rate", "load.spawn_rate"},
                                            {"--rate", "load.arrival_rate"}, {"--duration", "load.duration"},
                                            {"--host", "target"}};

option_parser run_parser() {
  option_parser p("run", run_synopsis,
                  "  Runs the scenario and writes summary.json, report.md, report.html, stats.csv,\n"
                  "  failures.csv, junit.xml and histograms.json to DIR (default reports/runs/<timestamp>).",
                  "  SIGINT/SIGTERM (or --web's stop button) stop the run within a second; the reports of\n"
                  "  what ran say 'interrupted'.\n"
                  "exit: 0 pass, 1 a KPI or the error-rate bound failed, 2 usage/input error, 3 the run failed,\n"
                  "      130/143 interrupted by SIGINT (or --web's stop)/SIGTERM");
  p.positional("SCENARIO.yaml", "the scenario (docs/loadgen-scenarios.md), or a URL: one request, built from the flags");
  p.option("--profile", "P.yaml", "replaces the scenario's load: block (profiles/*.yaml)");
  p.option("--target", "URL", "overrides the target URL, e.g. http://127.0.0.1:8080");
  p.option("-H,--host", "URL", "the same as --target (Locust's name)");
  p.option("-u,--users", "N", "closed model: N virtual users (= --set load.users=N; hey -c, k6 --vus)");
  p.option("-r,--spawn-rate", "R", "users started per second (= --set load.spawn_rate=R)");
  p.option("--rate", "R", "open model: R iterations per second, e.g. 500/s (= --set load.arrival_rate=R)");
  p.option("-d,--duration", "DURATION", "how long the load runs, e.g. 30s (= --set load.duration=D)");
  p.option("--kpi", "EXPR", "a KPI, 'p95 < 50ms' (all) or 'search: p95 < 50ms'; repeatable");
  p.option("--tags", "T", "run only tasks with a step tagged T (comma-separated or repeated)");
  p.option("--exclude-tags", "T", "do not run tasks with a step tagged T (comma-separated or repeated)");
  p.option("-X,--method", "METHOD", "URL mode: the request method (default GET)");
  p.option("--header", "'K: V'", "URL mode: a request header; repeatable");
  p.option("--body-file", "FILE", "URL mode: the request body, read from FILE");
  p.option("--content-type", "TYPE", "URL mode: the body's content type (default application/octet-stream)");
  p.option("--out", "DIR", "output directory (default reports/runs/<timestamp>)");
  p.option("--progress-interval", "DURATION", "without a terminal, a progress line this often (default 10s)");
  p.option("--set", "KEY=VALUE", "overrides one key (load.users=50, load.duration=30s, seed=1, ...); repeatable");
  p.option("--threads", "N", "event-loop threads, 1 to 1024 (default: the number of cores)");
  p.option("--protocol", "P", "http1, h2c (cleartext HTTP/2, http://), h2 or auto (ALPN, https://)");
  p.flag("--insecure", "do not verify the server's TLS certificate (self-signed test servers)");
  p.option("--connections", "N", "HTTP/2: connections");
  p.option("--max-streams", "N", "HTTP/2: concurrent streams on each connection");
  p.option("--drain", "DURATION",
           "after the load duration, how long requests in flight may finish before they\n"
           "count as unfinished (default: the longest request timeout, 30s unless set)");
  p.option("--max-body", "SIZE", "bound on a body that a check or capture reads (default 10MiB; above: body_too_large)");
  p.option("--max-error-rate", "PCT",
           "the run fails above this error rate, e.g. 1% (default: 1% when the\n"
           "scenario has no KPIs; when given, it applies with KPIs too)");
  p.option("--web", "HOST:PORT",
           "serve a live view while the run goes, e.g. 127.0.0.1:8089: the page, /events (SSE),\n"
           "POST /stop (ends the run early: 'interrupted', exit 130), /summary.json after it");
  p.option("--metrics-listen", "HOST:PORT", "serve loadgen's own live metrics in Prometheus text at /metrics");
  p.option("--scrape", "URL",
           "read the target's Prometheus metrics during the run, e.g. http://127.0.0.1:8080/metrics\n"
           "(every 1s unless scrape.interval says; server_metrics.json); repeatable");
  p.option("--segment", "I/N",
           "run segment I of N of a test split over N loadgen processes; I is 0-based (0..N-1,\n"
           "N <= 100000), so $JOB_COMPLETION_INDEX (Kubernetes) or $SLURM_PROCID (Slurm) go in as\n"
           "they are. Open model: arrivals k with k mod N == I; closed: users and spawn rate split;\n"
           "feeders partitioned; the default output directory ends in -segIofN");
  p.option("--start-at", "TIME",
           "start the load at TIME: RFC 3339 (2026-12-05T03:00:00Z) or epoch seconds; waits until\n"
           "then; a late start is reported (settings.start_late_s); more than 60s past is an error");
  p.option("--run-id", "ID",
           "with --segment: the test's id (default: derived from the scenario hash, --start-at, the\n"
           "seed and N, so segments started with one command line agree)");
  p.flag("--strict", "a generator-limited run (dropped/late starts) fails with exit 1");
  p.flag("--quiet", "no live console (the summary at the end is still printed)");
  p.flag("--silent", "no live console and no summary: only warnings, errors and the verdict line");
  return p;
}

option_parser validate_parser() {
  option_parser p("validate", "usage: loadgen validate SCENARIO.yaml [--profile P.yaml] [--target URL] [--set KEY=VALUE]...\n"
                              "                       [--scrape URL]...\n",
                  "  Checks the scenario (and profile and KPIs) without sending traffic.",
                  "exit: 0 valid, 2 invalid (each problem printed as FILE:LINE: what is wrong)");
  p.positional("SCENARIO.yaml", "the scenario (docs/loadgen-scenarios.md)");
  p.option("--profile", "P.yaml", "replaces the scenario's load: block (profiles/*.yaml)");
  p.option("--target", "URL", "overrides the target URL, as run does");
  p.option("--set", "KEY=VALUE", "overrides one key (load.users=50, load.duration=30s, seed=1, ...); repeatable");
  p.option("--scrape", "URL", "a metrics URL, as run takes it (server: KPIs need one); repeatable");
  return p;
}

// "a,b" given twice as "--tags a,b --tags c" -> a, b, c.
std::vector<std::string> comma_list(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const auto& v : values) {
    for (std::size_t start = 0; start <= v.size();) {
      const auto comma = v.find(',', start);
      std::string item = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!item.empty()) out.push_back(std::move(item));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return out;
}

option_parser report_parser() {
  option_parser p("report", "usage: loadgen report DIR [--format md|csv|failures|junit|json|html]\n",
                  "  Re-renders a finished run directory to stdout.",
                  "exit: 0 the run passed, 1 it failed (or was interrupted), 2 not a readable run directory");
  p.positional("DIR", "a run directory written by loadgen run");
  p.option("--format", "FORMAT", "md, csv, failures, junit, json or html (report.html) (default: md)");
  return p;
}

option_parser parser_for(const std::string& cmd) {
  return cmd == "run" ? run_parser() : cmd == "validate" ? validate_parser() : report_parser();
}

unsigned parse_threads(const std::string& v) {
  unsigned n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc{} || p != v.data() + v.size() || n == 0 || n > 1024)
    throw usage_error("run: --threads must be an integer from 1 to 1024, got '" + v + "'");
  return n;
}

std::string need_file(const option_parser& p, const std::string& name) {
  std::string value = p.positional_value(name);
  if (value.empty()) throw usage_error(p.command() + ": missing " + name + " (see loadgen " + p.command() + " --help)");
  return value;
}

std::vector<std::string> checked_sets(const option_parser& p) {
  std::vector<std::string> sets;
  for (const auto& kv : p.values("--set")) {
    if (kv.find('=') == std::string::npos) throw usage_error(p.command() + ": --set needs KEY=VALUE, got '" + kv + "'");
    sets.push_back(kv);
  }
  return sets;
}

std::optional<listen_address> listen_option(const option_parser& p, const std::string& flag) {
  const auto value = p.last(flag);
  if (!value) return std::nullopt;
  try {
    return parse_listen_address(*value, flag);
  } catch (const std::invalid_argument& e) {
    throw usage_error(p.command() + ": " + e.what());
  }
}

run_options run_from(const option_parser& p) {
  run_options run;
  run.profile_path = p.last("--profile");
  run.target = p.last("--target");
  run.out_dir = p.last("--out");
  if (auto threads = p.last("--threads")) run.threads = parse_threads(*threads);
  (void)checked_sets(p);
  std::vector<std::string> ordered{"--set", "--insecure"};
  for (const auto& s : run_shorthands) ordered.emplace_back(s.flag);
  for (const auto& [flag, value] : p.in_order(ordered)) {  // later ones win, whichever form they take
    if (flag == "--set") run.sets.push_back(value);
    else if (flag == "--insecure") run.sets.push_back("tls.insecure=true");
    else
      for (const auto& s : run_shorthands)
        if (flag == s.flag) run.sets.push_back(std::string(s.key) + "=" + value);  // validated with the scenario
  }
  run.strict = p.given("--strict");
  run.quiet = p.given("--quiet") || p.given("--silent");
  run.silent = p.given("--silent");
  run.scenario_path = need_file(p, "SCENARIO.yaml");
  run.extras.kpis = p.values("--kpi");
  run.extras.tags = comma_list(p.values("--tags"));
  run.extras.exclude_tags = comma_list(p.values("--exclude-tags"));
  run.extras.scrape_urls = p.values("--scrape");
  if (auto every = p.last("--progress-interval")) {
    const auto d = parse_duration(*every);
    if (!d || *d < std::chrono::seconds(1)) {
      throw usage_error("run: --progress-interval must be a duration of at least 1s, e.g. 10s; got '" + *every + "'");
    }
    run.progress_interval = *d;
  }
  if (auto seg = p.last("--segment")) {
    try {
      run.segment = parse_segment(*seg);
    } catch (const std::invalid_argument& e) {
      throw usage_error(std::string("run: ") + e.what());
    }
  }
  if (auto at = p.last("--start-at")) run.start_at = parse_start_at(*at);
  if (auto id = p.last("--run-id")) {
    if (!run.segment) throw usage_error("run: --run-id names the test a segment belongs to; it needs --segment I/N");
    run.run_id = check_run_id(*id);
  }
  run.live.web = listen_option(p, "--web");
  run.live.metrics = listen_option(p, "--metrics-listen");
  const bool url_flags = p.given("--method") || p.given("--header") || p.given("--body-file") || p.given("--content-type");
  if (looks_like_url(run.scenario_path)) {
    url_request u;
    u.url = run.scenario_path;
    u.method = p.last("--method").value_or("GET");
    for (auto& c : u.method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    u.headers = p.values("--header");
    u.body_file = p.last("--body-file");
    u.content_type = p.last("--content-type");
    run.extras.url = std::move(u);
  } else if (url_flags) {
    throw usage_error("run: --method, --header, --body-file and --content-type build a request from a URL "
                      "(loadgen run http://HOST/PATH ...); a scenario file says them in its steps");
  }
  return run;
}

}  // namespace

std::string usage_text(const std::string& sub) {
  if (sub == "run" || sub == "validate" || sub == "report") return parser_for(sub).help();
  return "usage: loadgen <command> [options]\n"
         "commands:\n"
         "  run SCENARIO.yaml ...     run a scenario against a target\n"
         "  validate SCENARIO.yaml    check a scenario without sending traffic\n"
         "  report DIR                re-render a run directory\n"
         "  compare BASE CANDIDATE    regression verdict between two results\n"
         "  ab ...                    A/B trials of two server configurations\n"
         "  capacity SCENARIO.yaml    find the highest load that meets every KPI\n"
         "  merge DIR... --out DIR    merge the segments of a distributed test into one run\n"
         "options: --help (also after a command), --version\n";
}

command parse_command_line(const std::vector<std::string>& args) {
  if (args.empty()) throw usage_error("missing command\n" + usage_text());
  const std::string& cmd = args[0];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") return help_request{usage_text(args.size() > 1 ? args[1] : "")};
  if (cmd == "--version" || cmd == "-V") return version_request{};
  if (cmd != "run" && cmd != "validate" && cmd != "report")
    throw usage_error("unknown command '" + cmd + "'\n" + usage_text());

  option_parser p = parser_for(cmd);
  if (!p.parse(std::vector<std::string>(args.begin() + 1, args.end()))) return help_request{p.help()};
  if (cmd == "run") return run_from(p);
  if (cmd == "validate") {
    validate_options validate;
    validate.profile_path = p.last("--profile");
    validate.target = p.last("--target");
    validate.sets = checked_sets(p);
    validate.scrape_urls = p.values("--scrape");
    validate.scenario_path = need_file(p, "SCENARIO.yaml");
    return validate;
  }
  report_options report;
  report.format = p.last("--format").value_or("md");
  if (report.format != "md" && report.format != "csv" && report.format != "failures" && report.format != "junit" &&
      report.format != "json" && report.format != "html")
    throw usage_error("report: --format must be one of md, csv, failures, junit, json, html; got '" + report.format + "'");
  report.dir = need_file(p, "DIR");
  return report;
}

}  // namespace ragbench::loadgen
