#pragma once
// The subcommands. Each returns an exit code; input errors may be thrown as usage_error or
// scenario_error (run_cli maps them to exit 2).
#include "loadgen/cli/cli.hpp"
#include "loadgen/cli/command_line.hpp"

namespace ragbench::loadgen {

int run_command(const run_options& o, const cli_streams& io);
int validate_command(const validate_options& o, const cli_streams& io);
int report_command(const report_options& o, const cli_streams& io);

}  // namespace ragbench::loadgen
