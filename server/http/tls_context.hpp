#pragma once
// The server's TLS settings as an OpenSSL context: certificate chain and key from PEM files,
// TLS 1.2 or newer, ALPN choosing "h2" then "http/1.1".
#include "server/http/http_server_options.hpp"

#include <boost/asio/ssl/context.hpp>

#include <memory>

namespace ragbench::server {

// Builds the context for `options.tls_cert_file` / `tls_key_file`; with `options.http2` false
// ALPN offers only "http/1.1" (a client offering only "h2" gets no ALPN and speaks HTTP/1.1).
// Throws std::invalid_argument naming the file and OpenSSL's reason when a file is missing,
// unreadable, not PEM, or the key does not match the certificate, or when only one of the two
// files is set. Call before any socket opens. Cost: reads and parses both files once.
std::unique_ptr<boost::asio::ssl::context> make_tls_context(const http_server_options& options);

}  // namespace ragbench::server
