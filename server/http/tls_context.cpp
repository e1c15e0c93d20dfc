// OpenSSL server context and the ALPN selection callback.
#include "server/http/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string_view>

namespace ragbench::server {
namespace ssl = boost::asio::ssl;

namespace {

// Picks the first of our `preferred` protocols that the client offers (RFC 7301 wire format:
// length-prefixed names).
template <bool http2>
int select_alpn(SSL*, const unsigned char** out, unsigned char* out_len, const unsigned char* in, unsigned in_len,
                void*) {
  constexpr std::string_view h2_first[] = {"h2", "http/1.1"};
  constexpr std::string_view http11_only[] = {"http/1.1"};
  auto try_each = [&](const auto& preferred) {
    for (std::string_view want : preferred) {
      for (unsigned i = 0; i < in_len;) {
        unsigned len = in[i];
        if (i + 1 + len > in_len) break;  // malformed list
        std::string_view offered(reinterpret_cast<const char*>(in + i + 1), len);
        if (offered == want) {
          *out = in + i + 1;
          *out_len = static_cast<unsigned char>(len);
          return true;
        }
        i += 1 + len;
      }
    }
    return false;
  };
  bool found = http2 ? try_each(h2_first) : try_each(http11_only);
  return found ? SSL_TLSEXT_ERR_OK : SSL_TLSEXT_ERR_NOACK;
}

// Readable at all? Gives "No such file or directory" rather than OpenSSL's generic failure.
void check_readable(const std::string& path, const char* what) {
  std::ifstream f(path);
  if (!f) {
    throw std::invalid_argument("http_server: cannot read TLS " + std::string(what) + " '" + path +
                                "': " + std::strerror(errno));
  }
}

std::string openssl_reason(const boost::system::error_code& ec) {
  const char* reason = ERR_reason_error_string(static_cast<unsigned long>(ec.value()));
  return reason ? reason : ec.message();
}

}  // namespace

std::unique_ptr<ssl::context> make_tls_context(const http_server_options& o) {
  if (o.tls_cert_file.empty() != o.tls_key_file.empty()) {
    throw std::invalid_argument("http_server: TLS needs both a certificate (--tls-cert) and a key (--tls-key)");
  }
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                   ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
  SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  check_readable(o.tls_cert_file, "certificate");
  check_readable(o.tls_key_file, "private key");
  boost::system::error_code ec;
  ctx->use_certificate_chain_file(o.tls_cert_file, ec);
  if (ec) {
    throw std::invalid_argument("http_server: cannot load TLS certificate chain '" + o.tls_cert_file +
                                "' (PEM expected): " + openssl_reason(ec));
  }
  ctx->use_private_key_file(o.tls_key_file, ssl::context::pem, ec);
  if (ec) {
    throw std::invalid_argument("http_server: cannot load TLS private key '" + o.tls_key_file +
                                "' (PEM expected): " + openssl_reason(ec));
  }
  if (SSL_CTX_check_private_key(ctx->native_handle()) != 1) {
    throw std::invalid_argument("http_server: TLS private key '" + o.tls_key_file + "' does not match certificate '" +
                                o.tls_cert_file + "'");
  }
  SSL_CTX_set_alpn_select_cb(ctx->native_handle(), o.http2 ? &select_alpn<true> : &select_alpn<false>, nullptr);
  return ctx;
}

}  // namespace ragbench::server
