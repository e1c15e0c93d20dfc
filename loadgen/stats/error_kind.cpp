// Names of the failure kinds (stable identifiers used in reports).
#include "loadgen/stats/error_kind.hpp"

namespace ragbench::loadgen {

std::string_view to_string(error_kind kind) {
  switch (kind) {
    case error_kind::connect: return "connect";
    case error_kind::timeout: return "timeout";
    case error_kind::reset: return "reset";
    case error_kind::protocol: return "protocol";
    case error_kind::status: return "status";
    case error_kind::check: return "check";
    case error_kind::tls: return "tls";
    case error_kind::stream: return "stream";
    case error_kind::goaway: return "goaway";
    case error_kind::flow_control: return "flow_control";
    case error_kind::unfinished: return "unfinished";
    case error_kind::body_too_large: return "body_too_large";
    case error_kind::stream_cut: return "stream_cut";
  }
  return "unknown";
}

std::optional<error_kind> parse_error_kind(std::string_view name) {
  for (auto k : all_error_kinds) {
    if (to_string(k) == name) return k;
  }
  return std::nullopt;
}

}  // namespace ragbench::loadgen
