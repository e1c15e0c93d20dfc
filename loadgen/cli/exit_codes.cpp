#include "loadgen/cli/exit_codes.hpp"

namespace ragbench::loadgen {

std::string_view describe_exit_code(int code) {
  switch (code) {
    case exit_pass: return "pass";
    case exit_kpi_failed: return "kpi-failed";
    case exit_usage_error: return "usage-error";
    case exit_run_failed: return "run-failed";
    case exit_interrupted_sigint:
    case exit_interrupted_sigterm: return "interrupted";
    default: return "unknown";
  }
}

}  // namespace ragbench::loadgen
