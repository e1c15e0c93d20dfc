#pragma once
// The real ragserver binary started on a free loopback port (--listen 127.0.0.1:0) in a data
// directory, waited for until it prints its "listening" line.
#include <memory>
#include <string>
#include <vector>

#include "support/child_process.hpp"
#include "integration/support/http_client.hpp"

namespace ragbench::testing {

std::string build_dir();   // RAGBENCH_BINARY_DIR
std::string source_dir();  // RAGBENCH_SOURCE_DIR

class ragserver_process {
 public:
  // Starts build/bin/ragserver with `--data-dir data_dir --listen 127.0.0.1:0 --llm-scale 0` plus
  // `extra_args` (later flags win). Throws when it does not become ready within 30 s.
  ragserver_process(const std::string& data_dir, std::vector<std::string> extra_args = {},
                    std::vector<std::string> extra_env = {});
  unsigned short port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  http_client client() const { return http_client("127.0.0.1", port_); }
  child_process& process() { return *process_; }

 private:
  std::unique_ptr<child_process> process_;
  unsigned short port_ = 0;
};

}  // namespace ragbench::testing
