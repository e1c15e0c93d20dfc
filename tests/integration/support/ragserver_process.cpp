#include "integration/support/ragserver_process.hpp"

#include <atomic>
#include <stdexcept>

namespace ragbench::testing {

std::string build_dir() { return RAGBENCH_BINARY_DIR; }
std::string source_dir() { return RAGBENCH_SOURCE_DIR; }

ragserver_process::ragserver_process(const std::string& data_dir, std::vector<std::string> extra_args,
                                     std::vector<std::string> extra_env) {
  std::vector<std::string> argv = {build_dir() + "/bin/ragserver", "--data-dir", data_dir, "--listen",
                                   "127.0.0.1:0", "--llm-scale", "0", "--threads", "2"};
  for (auto& a : extra_args) argv.push_back(a);
  // A fresh log name per start: a restarted server must not be mistaken for the previous one.
  static std::atomic<int> starts{0};
  std::string log_prefix = data_dir + "/ragserver-" + std::to_string(++starts);
  process_ = std::make_unique<child_process>(argv, log_prefix, std::move(extra_env));
  // "ragserver listening on http://127.0.0.1:PORT" (https:// with TLS).
  auto line = process_->wait_for_line("ragserver listening on ", std::chrono::seconds(30));
  const std::string host = "://127.0.0.1:";
  const auto at = line ? line->find(host) : std::string::npos;
  if (at == std::string::npos) {
    throw std::runtime_error("ragserver did not start: " + process_->stderr_text());
  }
  port_ = static_cast<unsigned short>(std::stoi(line->substr(at + host.size())));
}

}  // namespace ragbench::testing
