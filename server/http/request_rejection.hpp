#pragma once
// Why the transport refuses a request before it reaches a route (HTTP/1.1 and HTTP/2 alike).
#include <string>
#include <string_view>

namespace ragbench::server {

// The status, the stable error code and a message naming the problem; the transport renders
// them as the JSON error body ({"error":{"code","message"}}).
struct request_rejection {
  unsigned status = 400;
  std::string_view code = "bad_request";
  std::string message;
};

}  // namespace ragbench::server
