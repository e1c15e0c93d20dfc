// loadgen compare: forwards to the compare module (loadgen/compare/compare_cli.hpp) and maps its input
// errors to usage errors (exit 2).
#include "loadgen/cli/analysis_commands.hpp"
#include "loadgen/cli/command_line.hpp"
#include "loadgen/cli/exit_codes.hpp"
#include "loadgen/compare/compare_cli.hpp"

namespace ragbench::loadgen {

int compare_main(const std::vector<std::string>& args, const cli_streams& io) {
  try {
    const auto request = parse_compare_args(args);
    if (request.help) {
      std::fputs(compare_usage_text().c_str(), io.out);
      return exit_pass;
    }
    return run_compare(request, io.out, io.err) != 0 ? exit_kpi_failed : exit_pass;
  } catch (const compare_input_error& e) {
    throw usage_error(e.what());
  }
}

}  // namespace ragbench::loadgen
