#pragma once
// Running a real command-line client (curl, nghttp, node, openssl) to completion in a test, and a
// throw-away self-signed certificate for TLS tests.
#include <chrono>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace ragbench::testing {

struct tool_result {
  int status = -1;  // exit status; -1 when it did not finish within the timeout (then killed)
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs argv[0] with its output captured in files under `dir`; waits at most `timeout`.
tool_result run_tool(const temp_dir& dir, std::vector<std::string> argv,
                     std::chrono::milliseconds timeout = std::chrono::seconds(60));

struct tls_files {
  std::string cert, key;
};

// A 1-day self-signed RSA certificate for CN=localhost, written to `dir` by openssl.
// Fails the test (REQUIRE) when openssl fails.
tls_files make_self_signed_cert(const temp_dir& dir);

}  // namespace ragbench::testing
