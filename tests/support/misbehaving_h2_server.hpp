#pragma once
// A cleartext HTTP/2 (prior knowledge, h2c) server written with raw frames, that misbehaves on
// purpose at the HTTP/2 layer. It never decodes the request's header block (no HPACK state): it
// tells requests apart by whether their HEADERS frame ends the stream (no body) or not.
//   zero_window   its SETTINGS set INITIAL_WINDOW_SIZE to 0 and it never sends WINDOW_UPDATE: a
//                 request with a body can never send it (and gets no answer); a request without a
//                 body is answered 200 "ok" at once, on the same connection — the healthy control
//   goaway_storm  at the first HEADERS of a connection it sends a burst of 16 GOAWAY frames (last
//                 stream id 0, NO_ERROR: no stream was processed), then half-closes and waits for
//                 the client to leave
//   goaway_on_connect  the same burst right after its SETTINGS, before any request (a server that
//                 refuses every connection, as one that drains does)
// Both answer SETTINGS with an ACK and PING with a PING ACK.
#include <atomic>
#include <string>

#include "support/loopback_server.hpp"

namespace ragbench::testing {

class misbehaving_h2_server {
 public:
  enum class mode { zero_window, goaway_storm, goaway_on_connect };
  explicit misbehaving_h2_server(mode m);

  // http://127.0.0.1:PORT (for `protocol: h2c`).
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_.port()); }
  std::size_t connections() const { return server_.connections(); }
  std::size_t answered() const { return answered_; }         // requests answered 200
  std::size_t goaways_sent() const { return goaways_sent_; }

  static constexpr int goaway_burst = 16;

 private:
  void serve(loopback_server::socket& s, loopback_server& srv);
  // The GOAWAY burst, a half-close, then reading until the client closes.
  void storm(loopback_server::socket& s);

  mode mode_;
  std::atomic<std::size_t> answered_{0}, goaways_sent_{0};
  loopback_server server_;  // last: its threads use the members above
};

}  // namespace ragbench::testing
