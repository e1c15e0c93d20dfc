#pragma once
// TLS client settings for one engine worker: an OpenSSL context (verification against the system
// store unless insecure, optional extra CA file), the ALPN list the protocol offers, the SNI name,
// and a one-slot session cache so reconnects of this worker resume their TLS session.
// Not thread-safe: one per worker (io_context thread). Building it costs a context set-up (loads the
// CA file, if any); per connection only SSL_new and the handshake.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include <openssl/ssl.h>

#include "loadgen/scenario/scenario.hpp"

namespace ragbench::loadgen {

// Handshake counters of one worker (summed by the engine).
struct tls_stats {
  std::uint64_t handshakes = 0;  // completed handshakes
  std::uint64_t resumed = 0;     // of those, resumed from the cached session (abbreviated)
  std::uint64_t failed = 0;      // handshakes or ALPN checks that failed
  std::string last_error;        // e.g. "certificate verify failed (self-signed certificate)"
};

class tls_client_context {
 public:
  // `protocol`: what ALPN offers (http1: "http/1.1"; h2: "h2"; auto: "h2", "http/1.1").
  // Throws std::invalid_argument when tls.ca_file cannot be loaded.
  tls_client_context(const tls_settings& tls, const std::string& host, protocol_kind protocol);
  ~tls_client_context();
  tls_client_context(const tls_client_context&) = delete;
  tls_client_context& operator=(const tls_client_context&) = delete;

  boost::asio::ssl::context& context() { return context_; }
  // Prepares a fresh SSL object for a handshake: SNI, host name check, ALPN, cached session.
  void prepare(SSL* ssl);
  // After a successful handshake: counts it (resumed or full). Returns "" when the negotiated ALPN
  // suits the protocol, else why not (then counted as a failure).
  std::string after_handshake(SSL* ssl);
  // Counts a failed handshake; `why` from the error code (and the verify result when relevant).
  void handshake_failed(SSL* ssl, const std::string& why);

  const tls_stats& stats() const { return stats_; }
  protocol_kind protocol() const { return protocol_; }

 private:
  static int on_new_session(SSL* ssl, SSL_SESSION* session);

  boost::asio::ssl::context context_;
  std::string server_name_;
  std::string alpn_;  // wire format
  protocol_kind protocol_;
  bool verify_;
  SSL_SESSION* session_ = nullptr;  // the latest session ticket of this worker (owned)
  tls_stats stats_;
};

// The ALPN protocol the server picks when offered h2 and http/1.1: "h2", "http/1.1", or "" (none).
// One blocking TLS handshake (bounded by `timeout`); throws std::runtime_error when it fails.
std::string probe_alpn(const scenario& s, const boost::asio::ip::tcp::endpoint& target,
                       std::chrono::milliseconds timeout);

}  // namespace ragbench::loadgen
