#include "loadgen/engine/failure_kind.hpp"

namespace ragbench::loadgen {

std::string_view failure_name(failure_kind k) {
  switch (k) {
    case failure_kind::none: return "none";
    case failure_kind::connect_refused: return "connect_refused";
    case failure_kind::connect_failed: return "connect_failed";
    case failure_kind::connect_timeout: return "connect_timeout";
    case failure_kind::timeout: return "timeout";
    case failure_kind::reset: return "reset";
    case failure_kind::protocol: return "protocol";
    case failure_kind::tls: return "tls";
    case failure_kind::stream_reset: return "stream_reset";
    case failure_kind::goaway: return "goaway";
    case failure_kind::flow_control: return "flow_control";
    case failure_kind::body_too_large: return "body_too_large";
    case failure_kind::cancelled: return "cancelled";
    case failure_kind::busy: return "busy";
  }
  return "unknown";
}

std::string_view failure_class(failure_kind k) {
  switch (k) {
    case failure_kind::none: return "none";
    case failure_kind::connect_refused:
    case failure_kind::connect_failed:
    case failure_kind::connect_timeout: return "connect";
    case failure_kind::timeout: return "timeout";
    case failure_kind::reset: return "reset";
    case failure_kind::protocol: return "protocol";
    case failure_kind::tls: return "tls";
    case failure_kind::stream_reset:
    case failure_kind::goaway:
    case failure_kind::flow_control: return "stream";
    case failure_kind::body_too_large: return "body";
    case failure_kind::cancelled: return "cancelled";
    case failure_kind::busy: return "other";
  }
  return "other";
}

}  // namespace ragbench::loadgen
