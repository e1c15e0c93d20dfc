#pragma once
// Where a response body goes as it arrives. The sessions never hold a whole body: HTTP/1.1 and
// HTTP/2 alike hand each piece of the (de-chunked) body to the request's sink the moment it is read,
// then reuse the buffer. A request without a sink (nullptr) has its body counted and discarded;
// body_buffer (body_buffer.hpp) keeps it, bounded, for checks and captures. The interface is small
// so that other consumers slot in the same way (a text/event-stream parser timing each event).
//
// Calls, all on the session's io_context thread, for one response:
//   on_head once (the final response's status and headers; interim 1xx responses are skipped),
//   on_body zero or more times (never for HEAD, 204, 304), then on_end once if the response
//   completed. A failed request (timeout, reset, a sink's own failure) gets no on_end; the next
//   request on the same sink starts again with on_head. A retried request (keep-alive race) may see
//   on_head twice.
// Cost: one virtual call per head and per read that carries body bytes; nothing per byte.
#include <string_view>

#include "loadgen/engine/failure_kind.hpp"

namespace ragbench::loadgen {

struct http_response;

class body_sink {
 public:
  virtual ~body_sink() = default;
  // The head of the final response: status, header_block (valid during the call). `body` is empty.
  virtual void on_head(const http_response& head) = 0;
  // The next body bytes, in order; `bytes` is valid only during the call. failure_kind::none to go
  // on; any other kind ends the request with that failure (the session drops the connection or
  // resets the stream; e.g. failure_kind::body_too_large).
  virtual failure_kind on_body(std::string_view bytes) = 0;
  // The body is complete.
  virtual void on_end() = 0;
};

}  // namespace ragbench::loadgen
