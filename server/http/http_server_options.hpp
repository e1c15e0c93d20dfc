#pragma once
// Settings of the HTTP/1.1 server and the per-request record handed to its observer.
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace ragbench::server {

struct http_server_options {
  std::string host = "127.0.0.1";  // address or name to bind
  unsigned short port = 8080;      // 0 = pick a free port (see http_server::start)
  unsigned threads = 1;            // I/O threads, each with its own io_context; 0 = one per core
  std::size_t body_limit_bytes = 16 * 1024 * 1024;  // larger bodies -> 413
  std::size_t header_limit_bytes = 16 * 1024;       // larger header blocks -> 431
  std::chrono::milliseconds header_timeout{10'000};  // first byte -> end of header, else close
  std::chrono::milliseconds read_timeout{30'000};    // end of header -> end of body, else close
  std::chrono::milliseconds idle_timeout{60'000};    // keep-alive wait between requests, else close
  std::chrono::milliseconds write_timeout{30'000};   // one response write (or stream chunk), else close
  std::size_t gzip_min_bytes = 1024;  // compress non-streamed bodies at least this long
  bool gzip = true;
  std::string tls_cert_file;  // PEM chain; with tls_key_file set, every connection is TLS (ALPN h2/http1.1)
  std::string tls_key_file;   // PEM private key
  bool http2 = true;          // h2c prior knowledge + Upgrade: h2c (and ALPN h2 with TLS)
  std::size_t h2_max_concurrent_streams = 128;
  // Unsent response bytes one HTTP/2 connection may hold (bodies waiting for the client's
  // flow-control window); past it new streams are refused with RST_STREAM(REFUSED_STREAM).
  std::size_t h2_max_buffered_bytes = 16 * 1024 * 1024;
};

// One completed request, as seen by the transport. The views are valid only during the
// observer call (copy what you keep). `route` is the router's pattern or "unmatched".
struct request_record {
  std::string_view route;
  std::string_view method;
  unsigned status = 0;
  std::chrono::nanoseconds duration{0};  // first request byte seen -> last response byte written
  std::size_t bytes_in = 0;              // request bytes parsed (header + body framing)
  std::size_t bytes_out = 0;             // response bytes written
};

// Called once per completed request, on the I/O thread that served it, concurrently from
// several threads: it must be thread-safe and cheap (it runs on the request path).
using request_observer = std::function<void(const request_record&)>;

}  // namespace ragbench::server
