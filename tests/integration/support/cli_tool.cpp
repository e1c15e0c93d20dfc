// cli_tool: child_process with per-run log names; openssl for a test certificate.
#include "integration/support/cli_tool.hpp"

#include <catch2/catch.hpp>

#include <atomic>

#include "support/child_process.hpp"

namespace ragbench::testing {

tool_result run_tool(const temp_dir& dir, std::vector<std::string> argv, std::chrono::milliseconds timeout) {
  static std::atomic<int> runs{0};
  child_process p(std::move(argv), (dir.path() / ("cli" + std::to_string(++runs))).string());
  auto status = p.wait(timeout);
  return {status.value_or(-1), p.stdout_text(), p.stderr_text()};
}

tls_files make_self_signed_cert(const temp_dir& dir) {
  tls_files f{(dir.path() / "cert.pem").string(), (dir.path() / "key.pem").string()};
  auto gen = run_tool(dir, {"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", f.key,
                            "-out", f.cert, "-days", "1", "-subj", "/CN=localhost"});
  INFO(gen.err);
  REQUIRE(gen.status == 0);
  return f;
}

}  // namespace ragbench::testing
