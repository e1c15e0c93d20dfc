// loadgen ab (placeholder until the command lands).
#include "loadgen/cli/analysis_commands.hpp"
#include "loadgen/cli/command_line.hpp"

namespace ragbench::loadgen {

int ab_main(const std::vector<std::string>& args, const cli_streams& io) {
  (void)args;
  (void)io;
  throw usage_error("ab: not available in this build yet");
}

}  // namespace ragbench::loadgen
