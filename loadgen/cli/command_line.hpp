#pragma once
// Parsing loadgen's command line into plain option structs (options on loadgen/args/option_parser).
// No I/O; errors are thrown as usage_error with a message meant for the user ("run: unknown option
// '--foo'").
#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "loadgen/args/option_parser.hpp"
#include "loadgen/cli/scenario_setup.hpp"
#include "loadgen/live/live_options.hpp"
#include "loadgen/scenario/execution_segment.hpp"

namespace ragbench::loadgen {

struct run_options {
  std::string scenario_path;
  std::optional<std::string> profile_path;
  std::optional<std::string> target;   // --target URL (an override of `target`)
  std::optional<std::string> out_dir;  // default reports/runs/<timestamp>
  std::vector<std::string> sets;       // --set KEY=VALUE, in order; --protocol P, --insecure,
                                       // --connections N, --max-streams N, --drain D, --max-body S,
                                       // --max-error-rate P become protocol=P, tls.insecure=true,
                                       // connections=N, max_streams=N, drain=D, max_body=S,
                                       // max_error_rate=P here
  unsigned threads = 0;                // 0 = cores
  bool strict = false;                 // a generator-limited run counts as failed (exit 1)
  bool quiet = false;                  // no live console
  bool silent = false;                 // no live console and no summary table either
  std::chrono::nanoseconds progress_interval{std::chrono::seconds(10)};  // without a terminal
  scenario_extras extras;              // URL mode, --kpi, --tags, --exclude-tags, --scrape
  live_options live;                   // --web ADDR, --metrics-listen ADDR
  // Distributed tests: --segment I/N (0-based I), --start-at TIME (RFC 3339 or epoch seconds; also
  // without --segment), --run-id ID (only with --segment; default derived, loadgen/cli/run_identity.hpp).
  std::optional<execution_segment> segment;
  std::optional<std::chrono::system_clock::time_point> start_at;
  std::optional<std::string> run_id;
};

struct validate_options {
  std::string scenario_path;
  std::optional<std::string> profile_path;
  std::optional<std::string> target;
  std::vector<std::string> sets;
  std::vector<std::string> scrape_urls;  // --scrape URL, as run takes it
};

struct report_options {
  std::string dir;
  std::string format = "md";  // md | csv | junit | json
};

struct help_request {
  std::string text;  // what to print
};
struct version_request {};

using command = std::variant<run_options, validate_options, report_options, help_request, version_request>;

// args excludes argv[0]. Throws usage_error.
command parse_command_line(const std::vector<std::string>& args);

// Usage texts: general and per subcommand ("run", "validate", "report").
std::string usage_text(const std::string& subcommand = {});

}  // namespace ragbench::loadgen
