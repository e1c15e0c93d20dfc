#pragma once
// The connection abstraction the engine drives: one transport connection to the target that carries
// up to capacity() requests at once (1 for HTTP/1.1 keep-alive, N streams for HTTP/2). The engine
// only sees this interface, so an HTTP/2 session (nghttp2) slots in without changing the engine.
#include <chrono>
#include <cstddef>
#include <functional>
#include <string_view>

#include "loadgen/engine/body_sink.hpp"
#include "loadgen/engine/failure_kind.hpp"
#include "loadgen/engine/response_parser.hpp"

namespace ragbench::loadgen {

struct session_options {
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{30000};  // from the send to the last response byte
  std::size_t initial_buffer_bytes = 16 * 1024;      // read buffer; grows only for heads above it
};

// What one async_send produced. `response` (the head: status, headers) is non-null iff failure ==
// none and is valid only during the completion call and only until that call starts the next
// async_send on the same session (it points into the session's reused buffers). The body went to
// the request's sink.
struct send_result {
  failure_kind failure = failure_kind::none;
  const http_response* response = nullptr;
  std::chrono::steady_clock::time_point sent_at;  // when async_send was called (connect included)
  std::chrono::steady_clock::time_point done_at;  // last byte received or failure detected
  std::size_t bytes_sent = 0;
  std::size_t bytes_received = 0;
  bool new_connection = false;  // this request opened (or re-opened) the connection
};

// Called exactly once per async_send, on the session's io_context thread, never inline from
// async_send itself. Kept small (a pointer or two) so std::function stores it without allocating.
using send_completion = std::function<void(const send_result&)>;

struct request_bytes {
  std::string_view bytes;      // the full serialized request; must stay valid until completion
  bool head_request = false;   // HEAD: the response has no body
  std::chrono::nanoseconds timeout{0};  // whole-response timeout for this request; 0 = session_options'
  body_sink* sink = nullptr;   // receives the response body as it arrives (must stay valid until
                               // completion); nullptr: the body is counted and discarded
};

// Not thread-safe: a session belongs to one io_context (one engine worker thread). Destroy it only
// after close() and once its io_context has stopped running handlers for it.
class client_session {
 public:
  virtual ~client_session() = default;
  // Sends one request, connecting (or reconnecting) first when needed. Requires in_flight() < capacity().
  virtual void async_send(const request_bytes& request, send_completion done) = 0;
  // Requests this session can carry at once.
  virtual std::size_t capacity() const = 0;
  virtual std::size_t in_flight() const = 0;
  // Closes the transport; requests in flight complete with failure_kind::cancelled.
  virtual void close() = 0;
  // Connections opened so far (for reconnect accounting).
  virtual std::size_t connects() const = 0;
};

}  // namespace ragbench::loadgen
