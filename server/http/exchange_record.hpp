#pragma once
// What the transport keeps of one request/response exchange (an HTTP/1.1 request or an HTTP/2
// stream) for the request observer: the same record for both protocols.
#include "server/http/http_server_options.hpp"

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace ragbench::server {

struct exchange_record {
  std::chrono::steady_clock::time_point started;  // first byte of the request seen
  std::string method;                    // a copy: the request itself is moved to the handler
  std::string_view route = "unmatched";  // set by the router through handler_context::route_out
  unsigned status = 0;                   // of the response
  std::size_t bytes_in = 0;              // request bytes parsed (header + body framing)
  std::size_t bytes_out = 0;             // response bytes written

  // The observer's view of the exchange ending at `now`; it points into this record.
  request_record finished(std::chrono::steady_clock::time_point now) const {
    return request_record{route, method, status, now - started, bytes_in, bytes_out};
  }
};

}  // namespace ragbench::server
