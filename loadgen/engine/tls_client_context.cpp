// TLS client context: verification, SNI, ALPN and one cached session per worker.
#include "loadgen/engine/tls_client_context.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <stdexcept>

#include <openssl/x509v3.h>

namespace ragbench::loadgen {
namespace {

std::string alpn_wire(protocol_kind p) {
  switch (p) {
    case protocol_kind::h2: return std::string("\x02h2", 3);
    case protocol_kind::auto_alpn: return std::string("\x02h2\x08http/1.1", 12);
    default: return std::string("\x08http/1.1", 9);
  }
}

bool is_ip_literal(const std::string& host) {
  boost::system::error_code ec;
  boost::asio::ip::make_address(host, ec);
  return !ec;
}

std::string negotiated(SSL* ssl) {
  const unsigned char* data = nullptr;
  unsigned int len = 0;
  SSL_get0_alpn_selected(ssl, &data, &len);
  return data ? std::string(reinterpret_cast<const char*>(data), len) : std::string();
}

}  // namespace

tls_client_context::tls_client_context(const tls_settings& tls, const std::string& host, protocol_kind protocol)
    : context_(boost::asio::ssl::context::tls_client), server_name_(tls.server_name.empty() ? host : tls.server_name),
      alpn_(alpn_wire(protocol)), protocol_(protocol), verify_(!tls.insecure) {
  SSL_CTX* ctx = context_.native_handle();
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  if (verify_) {
    boost::system::error_code ec;
    context_.set_default_verify_paths(ec);
    if (!tls.ca_file.empty()) {
      context_.load_verify_file(tls.ca_file, ec);
      if (ec) throw std::invalid_argument("tls.ca_file: cannot load '" + tls.ca_file + "': " + ec.message());
    }
    context_.set_verify_mode(boost::asio::ssl::verify_peer);
  } else {
    context_.set_verify_mode(boost::asio::ssl::verify_none);
  }
  SSL_CTX_set_app_data(ctx, this);
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
  SSL_CTX_sess_set_new_cb(ctx, &tls_client_context::on_new_session);
}

tls_client_context::~tls_client_context() {
  // Asio's ~context deletes a verify callback it keeps in the app data: hand it back empty
  // (this class never uses Asio's set_verify_callback).
  SSL_CTX_set_app_data(context_.native_handle(), nullptr);
  if (session_) SSL_SESSION_free(session_);
}

int tls_client_context::on_new_session(SSL* ssl, SSL_SESSION* session) {
  auto* self = static_cast<tls_client_context*>(SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl)));
  if (!self) return 0;
  if (self->session_) SSL_SESSION_free(self->session_);
  self->session_ = session;
  return 1;  // we keep the reference
}

void tls_client_context::prepare(SSL* ssl) {
  const bool ip = is_ip_literal(server_name_);
  if (!ip) SSL_set_tlsext_host_name(ssl, server_name_.c_str());  // SNI carries names, never addresses
  if (verify_) {
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    if (ip) X509_VERIFY_PARAM_set1_ip_asc(param, server_name_.c_str());
    else X509_VERIFY_PARAM_set1_host(param, server_name_.c_str(), server_name_.size());
  }
  SSL_set_alpn_protos(ssl, reinterpret_cast<const unsigned char*>(alpn_.data()), static_cast<unsigned>(alpn_.size()));
  if (session_) SSL_set_session(ssl, session_);
}

std::string tls_client_context::after_handshake(SSL* ssl) {
  const std::string alpn = negotiated(ssl);
  std::string why;
  if (protocol_ == protocol_kind::h2 && alpn != "h2")
    why = "ALPN: the server did not choose h2 (got '" + (alpn.empty() ? std::string("none") : alpn) + "')";
  if (!why.empty()) {
    ++stats_.failed;
    stats_.last_error = why;
    return why;
  }
  ++stats_.handshakes;
  if (SSL_session_reused(ssl)) ++stats_.resumed;
  return {};
}

void tls_client_context::handshake_failed(SSL* ssl, const std::string& why) {
  ++stats_.failed;
  stats_.last_error = why;
  if (ssl && verify_) {
    long v = SSL_get_verify_result(ssl);
    if (v != X509_V_OK) stats_.last_error += std::string(" (") + X509_verify_cert_error_string(v) + ")";
  }
}

std::string probe_alpn(const scenario& s, const boost::asio::ip::tcp::endpoint& target,
                       std::chrono::milliseconds timeout) {
  namespace asio = boost::asio;
  asio::io_context io;
  tls_client_context tls(s.tls, s.target.host, protocol_kind::auto_alpn);
  asio::ssl::stream<asio::ip::tcp::socket> stream(io, tls.context());
  tls.prepare(stream.native_handle());
  boost::system::error_code result = asio::error::timed_out;
  stream.lowest_layer().async_connect(target, [&](const boost::system::error_code& ec) {
    if (ec) {
      result = ec;
      return;
    }
    stream.async_handshake(asio::ssl::stream_base::client, [&](const boost::system::error_code& hec) { result = hec; });
  });
  io.run_for(timeout);
  if (result) {
    tls.handshake_failed(stream.native_handle(), result.message());
    throw std::runtime_error(tls.stats().last_error);
  }
  return negotiated(stream.native_handle());
}

}  // namespace ragbench::loadgen
