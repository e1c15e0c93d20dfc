#pragma once
// Runs loadgen's CLI in-process (run_cli) with stdout/stderr captured to temporary files, for tests
// of the subcommands' exit codes and messages.
#include <cstdio>
#include <string>
#include <vector>

#include "loadgen/cli/cli.hpp"

namespace ragbench::loadgen::testing {

struct captured {
  int code = -1;
  std::string out, err;
};

// Reads a temporary file from its start and closes it.
inline std::string slurp(std::FILE* f) {
  std::rewind(f);
  std::string s;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, n);
  std::fclose(f);
  return s;
}

// `args` excludes argv[0], as for run_cli.
inline captured cli(const std::vector<std::string>& args) {
  cli_streams io{std::tmpfile(), std::tmpfile(), false};
  captured c;
  c.code = run_cli(args, io);
  c.out = slurp(io.out);
  c.err = slurp(io.err);
  return c;
}

}  // namespace ragbench::loadgen::testing
