// Dispatch of the subcommands and mapping of errors to exit codes.
#include "loadgen/cli/cli.hpp"

#include <exception>
#include <optional>

#include "loadgen/cli/analysis_commands.hpp"
#include "loadgen/cli/command_line.hpp"
#include "loadgen/cli/commands.hpp"
#include "loadgen/cli/exit_codes.hpp"
#include "loadgen/scenario/scenario_error.hpp"

namespace ragbench::loadgen {

namespace {

// compare / ab / capacity / merge (also "help NAME"): each parses its own arguments.
std::optional<int> run_analysis_command(const std::vector<std::string>& args, const cli_streams& io) {
  if (args.empty()) return std::nullopt;
  const bool help = (args[0] == "help" || args[0] == "--help" || args[0] == "-h") && args.size() > 1;
  const std::string& name = help ? args[1] : args[0];
  using command_main = int (*)(const std::vector<std::string>&, const cli_streams&);
  command_main main_of = name == "compare" ? compare_main : name == "ab" ? ab_main : name == "capacity" ? capacity_main
                       : name == "merge"    ? merge_main
                                            : nullptr;
  if (main_of == nullptr) return std::nullopt;
  if (help) return main_of({"--help"}, io);
  return main_of(std::vector<std::string>(args.begin() + 1, args.end()), io);
}

}  // namespace

int run_cli(const std::vector<std::string>& args, const cli_streams& io) {
  try {
    if (auto code = run_analysis_command(args, io)) return *code;
    command cmd = parse_command_line(args);
    if (auto* h = std::get_if<help_request>(&cmd)) {
      std::fputs(h->text.c_str(), io.out);
      return exit_pass;
    }
    if (std::holds_alternative<version_request>(cmd)) {
      std::fprintf(io.out, "loadgen %s\n", RAGBENCH_VERSION);
      return exit_pass;
    }
    if (auto* r = std::get_if<run_options>(&cmd)) return run_command(*r, io);
    if (auto* v = std::get_if<validate_options>(&cmd)) return validate_command(*v, io);
    return report_command(std::get<report_options>(cmd), io);
  } catch (const usage_error& e) {
    std::fprintf(io.err, "loadgen: %s\n", e.what());
    return exit_usage_error;
  } catch (const scenario_error& e) {
    std::fprintf(io.err, "%s\n", e.what());
    return exit_usage_error;
  } catch (const std::exception& e) {
    std::fprintf(io.err, "loadgen: %s\n", e.what());
    return exit_run_failed;
  }
}

}  // namespace ragbench::loadgen
