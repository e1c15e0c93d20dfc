// loadgen capacity (placeholder until the command lands).
#include "loadgen/cli/analysis_commands.hpp"
#include "loadgen/cli/command_line.hpp"

namespace ragbench::loadgen {

int capacity_main(const std::vector<std::string>& args, const cli_streams& io) {
  (void)args;
  (void)io;
  throw usage_error("capacity: not available in this build yet");
}

}  // namespace ragbench::loadgen
