#pragma once
// A minimal HTTP/1.1 client that reads a Server-Sent Events response as it arrives and stamps
// each event with its arrival time (steady clock, from just before the request was sent), for
// tests that check streaming is incremental and measure time to first content from the client.
// Handles chunked and close-delimited bodies. Also splits captured SSE text into event payloads.
#include <chrono>
#include <string>
#include <vector>

namespace ragbench::testing {

struct sse_event {
  std::chrono::nanoseconds at{0};  // arrival, since the request was sent
  std::string data;                // the joined "data:" lines of the event
};

struct sse_reply {
  unsigned status = 0;
  std::string content_type;
  std::string body;  // the whole (de-chunked) body as received
  std::vector<sse_event> events;
  bool complete = false;  // the body ended normally (last chunk / close) before the timeout
};

// POSTs `json_body` to 127.0.0.1:port `target` (Connection: close) and reads until the body ends
// or `timeout` passes. Throws std::runtime_error when it cannot connect or send.
sse_reply post_sse(unsigned short port, const std::string& target, const std::string& json_body,
                   std::chrono::milliseconds timeout);

// The data payloads of the events in captured SSE text ("data: x\n\n..."), in order.
std::vector<std::string> sse_data(const std::string& text);

}  // namespace ragbench::testing
