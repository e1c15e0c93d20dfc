#pragma once
// How a request failed at the transport / protocol level, as counted in the statistics.
// HTTP status and check failures are not transport failures: they are judged by the caller.
#include <string_view>

namespace ragbench::loadgen {

enum class failure_kind {
  none,             // a complete HTTP response was received
  connect_refused,  // the target actively refused the TCP connection (nothing listening)
  connect_failed,   // any other connect error (unreachable, resolve, ...)
  connect_timeout,  // no connection within the connect timeout
  timeout,          // connected, but no complete response within the request timeout
  reset,            // the connection was reset or closed before the response was complete
  protocol,         // the bytes received are not a valid HTTP response
  tls,              // TLS handshake (certificate, ALPN) or record error
  stream_reset,     // HTTP/2: the server reset the stream (RST_STREAM)
  goaway,           // HTTP/2: the stream was above the GOAWAY last-stream-id, so never processed
  flow_control,     // HTTP/2: timed out while the stream waited for flow-control window
  body_too_large,   // the request's body_sink refused more bytes (a kept body above its max_body)
  cancelled,        // the caller closed the session while the request was in flight (end of a run)
  busy,             // caller error: async_send on a session with no free capacity
};

// Stable identifier used in reports: "none", "connect_refused", "timeout", "protocol", ...
std::string_view failure_name(failure_kind k);

// The coarse class used in report columns: "connect", "timeout", "reset", "protocol", "tls", "stream",
// "body", "cancelled", "other".
std::string_view failure_class(failure_kind k);

// True for the connect_* kinds.
constexpr bool is_connect_failure(failure_kind k) {
  return k == failure_kind::connect_refused || k == failure_kind::connect_failed ||
         k == failure_kind::connect_timeout;
}

}  // namespace ragbench::loadgen
