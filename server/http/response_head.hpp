#pragma once
// Serialises the status line and header block of an HTTP/1.1 response into a reusable buffer.
#include "server/http/message.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace ragbench::server {

struct response_head_options {
  bool keep_alive = true;         // "connection: keep-alive" (HTTP/1.0) or "connection: close"
  bool http10 = false;            // the client spoke HTTP/1.0
  bool chunked = false;           // streamed body: transfer-encoding: chunked
  bool gzip = false;              // content-encoding: gzip
  bool vary_accept_encoding = false;
  bool length_known = true;       // false for a streamed body to an HTTP/1.0 client (ends at close)
  std::uint64_t content_length = 0;
  std::string_view date;          // Date header value; omitted when empty
};

// True when no header name or value contains CR, LF or NUL (response splitting) and names are
// non-empty.
bool headers_are_safe(const header_list& headers);

// Appends "HTTP/1.1 <status> <reason>\r\n", the handler's headers (except content-length,
// transfer-encoding, connection, which the transport owns), server and security headers, then
// the framing headers and the blank line. Cost: no allocation once `out` has grown.
void write_response_head(std::string& out, const response& r, const response_head_options& options);

}  // namespace ragbench::server
