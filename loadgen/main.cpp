// loadgen: parse argv, run the subcommand, exit with its code. Everything else lives in loadgen/cli.
#include <unistd.h>

#include <string>
#include <vector>

#include "loadgen/cli/cli.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  ragbench::loadgen::cli_streams io;
  io.err_is_tty = ::isatty(STDERR_FILENO) == 1;
  return ragbench::loadgen::run_cli(args, io);
}
