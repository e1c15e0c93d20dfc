#pragma once
// loadgen's subcommands as a function of (arguments, output streams) -> exit code, so every
// command is testable without a process. main.cpp only forwards argv to run_cli.
#include <cstdio>
#include <string>
#include <vector>

namespace ragbench::loadgen {

struct cli_streams {
  std::FILE* out = stdout;   // results: summary table, validate OK line, re-rendered reports
  std::FILE* err = stderr;   // errors and the live console
  bool err_is_tty = false;   // rewrite the live console line in place
};

// args excludes argv[0]. Returns an exit_code (loadgen/cli/exit_codes.hpp). Never throws.
int run_cli(const std::vector<std::string>& args, const cli_streams& io);

}  // namespace ragbench::loadgen
