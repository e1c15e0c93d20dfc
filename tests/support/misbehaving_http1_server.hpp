#pragma once
// An HTTP/1.1 server that answers wrongly on purpose, for testing clients (loadgen) against targets
// that misbehave. The request path picks the answer; every connection is keep-alive until an answer
// ends it. Paths (any query string is ignored):
//   /healthy            200, Content-Length: 2, "ok" — the control
//   /reset_mid_body     200 with Content-Length: 100000, 1000 bytes of body, then a reset (RST)
//   /garbage_status     "HTTP/1.1 TWO-HUNDRED OK" status line, then the connection is closed
//   /truncated_chunked  chunked 200 announcing a 1024-byte chunk, 100 bytes of it, then close (FIN)
//   /longer_body        Content-Length: 5 and "hello", with 26 more bytes in the same write
//   /longer_body_late   Content-Length: 5 and "hello"; the 26 more bytes 30 ms later, on the same
//                       connection (kept open)
//   /huge_headers       a 200 whose head carries 10 MB of header lines (written until the client leaves)
//   /endless_body       a chunked 200 whose chunks (4 KiB every 5 ms) never end
//   /endless_sse        a text/event-stream whose events ("data: tick", every 10 ms) never end
//   anything else       404
// Counts requests per path (what reached the server, whatever the client made of it).
#include <map>
#include <mutex>
#include <string>

#include "support/loopback_server.hpp"

namespace ragbench::testing {

class misbehaving_http1_server {
 public:
  misbehaving_http1_server();

  boost::asio::ip::tcp::endpoint endpoint() const { return server_.endpoint(); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_.port()); }
  std::size_t connections() const { return server_.connections(); }
  // Requests received for `path` so far; all requests without one.
  std::size_t requests(const std::string& path) const;
  std::size_t requests() const;

  static constexpr std::size_t huge_header_bytes = 10u << 20;

 private:
  void serve(loopback_server::socket& s, loopback_server& srv);
  // Answers one request; false when the connection must end (closed or reset by the answer).
  bool answer(const std::string& path, loopback_server::socket& s, loopback_server& srv);

  mutable std::mutex mutex_;
  std::map<std::string, std::size_t> requests_;
  loopback_server server_;  // last: its threads use the members above
};

}  // namespace ragbench::testing
