// Refusing a request on an HTTP/1.1 connection: parse errors mapped to 4xx answers, chunk-size
// lines and trailer sections bounded (Beast buffers them whole), 408 on read timeouts, and the
// linger before the close so the client reads the answer instead of a reset.
#include "server/http/http1_connection.hpp"

#include "server/http/json_response.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/http/error.hpp>

namespace ragbench::server {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using boost::system::error_code;

namespace {
constexpr auto linger_time = std::chrono::milliseconds(1000);
constexpr std::size_t chunk_line_limit_bytes = 4096;  // chunk size + extensions + CRLF
constexpr std::size_t trailer_limit_bytes = 8192;     // last chunk line + trailer section
}  // namespace

template <class Stream>
request_rejection http1_connection<Stream>::rejection_for(error_code ec) const {
  if (parser_->rejection()) return *parser_->rejection();
  if (ec == http::error::body_limit) {
    return {413, "payload_too_large", "request body exceeds " + std::to_string(ctx_.options.body_limit_bytes) + " bytes"};
  }
  if (ec == http::error::header_limit) {
    if (!parser_->request_line_done()) {
      return {414, "uri_too_long",
              "request line exceeds " + std::to_string(ctx_.options.header_limit_bytes) + " bytes"};
    }
    return {431, "headers_too_large",
            "request header exceeds " + std::to_string(ctx_.options.header_limit_bytes) + " bytes"};
  }
  return {400, "bad_request", "malformed HTTP request: " + ec.message()};
}

// Beast holds a chunk-size line (with its extensions) or the trailer section in our buffer until
// it ends, bounded by neither body_limit nor header_limit: past the bounds the request is refused
// (so at most a bound plus one read is ever held).
template <class Stream>
std::optional<request_rejection> http1_connection<Stream>::oversized_chunk_element() const {
  if (!parser_->is_header_done() || !parser_->chunked() || buffer_.size() <= chunk_line_limit_bytes) {
    return std::nullopt;
  }
  auto data = buffer_.data();
  if (pending_chunk_element({static_cast<const char*>(data.data()), data.size()}) == chunk_element::line) {
    return request_rejection{400, "bad_request",
                             "chunk extension exceeds " + std::to_string(chunk_line_limit_bytes) + " bytes"};
  }
  if (buffer_.size() <= trailer_limit_bytes) return std::nullopt;
  return request_rejection{431, "headers_too_large",
                           "trailer section exceeds " + std::to_string(trailer_limit_bytes) + " bytes"};
}

// The request cannot be read to its end: answer with "connection: close", then linger and close.
template <class Stream>
void http1_connection<Stream>::fail_request(request_rejection why) {
  enter(state::handling);
  deadline_.clear();
  exchange_.record.method.assign(req_.method);
  exchange_.after = after_response::linger;
  ++seq_;  // an exchange begun, even if no handler sees it
  on_response(seq_, json_error(why.status, std::string(why.code), std::move(why.message)));
}

template <class Stream>
void http1_connection<Stream>::time_out_request() {
  bool header = state_ == state::reading_header;
  auto limit = header ? ctx_.options.header_timeout : ctx_.options.read_timeout;
  error_code ignored;
  socket_.lowest_layer().cancel(ignored);  // the pending read completes as aborted and is ignored
  fail_request({408, "request_timeout",
                std::string(header ? "request header" : "request body") + " not received within " +
                    std::to_string(limit.count()) + " ms"});
}

// After rejecting a request whose body may still be arriving: stop sending, read and drop
// input for a moment, then close, so the client reads our error instead of a reset.
template <class Stream>
void http1_connection<Stream>::linger_close() {
  enter(state::lingering);
  error_code ec;
  socket_.lowest_layer().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  deadline_.set(clock::now() + linger_time);
  buffer_.clear();
  buffer_.shrink_to_fit();  // a rejected chunk line or trailer section may have grown it
  do_read();
}

// The class itself is instantiated in http1_connection.cpp; these are the members defined here.
using plain_stream = asio::ip::tcp::socket;
using tls_stream = asio::ssl::stream<asio::ip::tcp::socket>;
template request_rejection http1_connection<plain_stream>::rejection_for(error_code) const;
template std::optional<request_rejection> http1_connection<plain_stream>::oversized_chunk_element() const;
template void http1_connection<plain_stream>::fail_request(request_rejection);
template void http1_connection<plain_stream>::time_out_request();
template void http1_connection<plain_stream>::linger_close();
template request_rejection http1_connection<tls_stream>::rejection_for(error_code) const;
template std::optional<request_rejection> http1_connection<tls_stream>::oversized_chunk_element() const;
template void http1_connection<tls_stream>::fail_request(request_rejection);
template void http1_connection<tls_stream>::time_out_request();
template void http1_connection<tls_stream>::linger_close();

}  // namespace ragbench::server
