#pragma once
// Listeners that fail below HTTP, each on a port of its own, for testing clients against them:
//   never_reads     accepts and never reads: the request stays in the socket buffers (a large one
//                   blocks the client's write) and no answer ever comes; held open until the
//                   client closes or the listener goes away
//   broken_tls      reads the client's first bytes (its ClientHello), answers with the start of a
//                   TLS handshake record that announces a ServerHello and stops 14 bytes in, then
//                   closes: the handshake fails mid-way on an https:// target
#include <string>

#include "support/loopback_server.hpp"

namespace ragbench::testing {

class misbehaving_listener {
 public:
  enum class mode { never_reads, broken_tls };
  explicit misbehaving_listener(mode m);

  unsigned short port() const { return server_.port(); }
  // http://127.0.0.1:PORT (never_reads) or https://127.0.0.1:PORT (broken_tls).
  std::string url() const;
  std::size_t connections() const { return server_.connections(); }

 private:
  mode mode_;
  loopback_server server_;
};

}  // namespace ragbench::testing
