// Dispatch of the subcommands and mapping of errors to exit codes.
#include "loadgen/cli/cli.hpp"

#include <exception>

#include "loadgen/cli/command_line.hpp"
#include "loadgen/cli/commands.hpp"
#include "loadgen/cli/exit_codes.hpp"
#include "loadgen/scenario/scenario_error.hpp"

namespace ragbench::loadgen {

int run_cli(const std::vector<std::string>& args, const cli_streams& io) {
  try {
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
