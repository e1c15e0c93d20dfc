// Answering on an HTTP/1.1 connection: the request goes to the handler with a respond_fn that
// may be called from any thread; a whole response is serialised by hand into reused strings
// (gzip when accepted) and sent with one gathered write; then the exchange is recorded and the
// connection goes on as the exchange decided (next request, close, or linger).
#include "server/http/http1_connection.hpp"

#include "server/http/json_response.hpp"
#include "server/http/response_head.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <type_traits>

namespace ragbench::server {
namespace asio = boost::asio;
using boost::system::error_code;

template <class Stream>
void http1_connection<Stream>::dispatch() {
  enter(state::handling);
  deadline_.clear();  // the handler's time is not bounded by the transport
  exchange_.after = parser_->keep_alive() ? after_response::next_request : after_response::close;
  exchange_.http10 = req_.version == 10;
  exchange_.head = req_.method == "HEAD";
  exchange_.gzip_ok = parser_->accepts_gzip();
  exchange_.record.method.assign(req_.method);
  [[maybe_unused]] bool has_upgrade = parser_->has_upgrade();  // unused for TLS streams
  parser_.reset();
  if constexpr (std::is_same_v<Stream, asio::ip::tcp::socket>) {  // h2c upgrades are cleartext only
    if (has_upgrade && ctx_.options.http2 && !worker_.stopping && try_upgrade()) return;
  }
  std::uint64_t seq = ++seq_;
  respond_fn respond = [weak = this->weak_from_this(), seq](response r) {
    if (auto self = weak.lock()) self->deliver(seq, std::move(r));
  };
  try {
    ctx_.handler(std::move(req_), handler_context{worker_.io.get_executor(), &exchange_.record.route},
                 std::move(respond));
  } catch (const std::exception& e) {
    on_response(seq, json_error(500, "internal", std::string("handler failed: ") + e.what()));
  } catch (...) {
    on_response(seq, json_error(500, "internal", "handler failed"));
  }
}

template <class Stream>
void http1_connection<Stream>::deliver(std::uint64_t seq, response r) {
  if (worker_.io.get_executor().running_in_this_thread()) {
    on_response(seq, std::move(r));
    return;
  }
  asio::post(worker_.io, [self = this->shared_from_this(), seq, r = std::move(r)]() mutable {
    self->on_response(seq, std::move(r));
  });
}

template <class Stream>
void http1_connection<Stream>::on_response(std::uint64_t seq, response r) {
  if (seq != seq_ || state_ != state::handling) return;  // late, duplicate, or connection gone
  if (r.status < 200 || r.status > 599) {  // 1xx would need protocol switching we do not do
    r = json_error(500, "bad_response_status", "handler produced status " + std::to_string(r.status));
  } else if (!headers_are_safe(r.headers)) {
    r = json_error(500, "bad_response_header", "handler produced an invalid header");
  }
  exchange_.record.status = r.status;
  if (worker_.stopping && exchange_.after == after_response::next_request) exchange_.after = after_response::close;
  bool bodiless = r.status == 204 || r.status == 304;
  response_head_options o;
  o.keep_alive = exchange_.after == after_response::next_request;
  o.http10 = exchange_.http10;
  o.date = worker_.date.now();
  head_.clear();
  if (r.stream && !bodiless && !exchange_.head) {
    start_stream(std::move(r), o);
    return;
  }
  bool head_of_stream = r.stream && exchange_.head;
  if (r.stream) r.stream->cancel();  // HEAD or a bodiless status: the stream is never read
  body_.swap(r.body);
  if (ctx_.options.gzip && !bodiless && body_.size() >= ctx_.options.gzip_min_bytes && !r.header("content-encoding")) {
    o.vary_accept_encoding = true;
    if (exchange_.gzip_ok && worker_.gzip.compress(body_, spare_)) {
      body_.swap(spare_);
      o.gzip = true;
    }
  }
  o.content_length = body_.size();
  o.length_known = !bodiless && !head_of_stream;
  o.chunked = head_of_stream && !exchange_.http10;  // what the GET would have used
  write_response_head(head_, r, o);
  if (exchange_.head || bodiless) body_.clear();
  write_head_and_body();
}

template <class Stream>
void http1_connection<Stream>::write_head_and_body() {
  enter(state::writing);
  deadline_.set(clock::now() + ctx_.options.write_timeout);
  std::array<asio::const_buffer, 2> buffers{asio::buffer(head_), asio::buffer(body_)};
  asio::async_write(socket_, buffers,
                    [self = this->shared_from_this()](error_code ec, std::size_t n) { self->on_write(ec, n); });
}

template <class Stream>
void http1_connection<Stream>::on_write(error_code ec, std::size_t n) {
  if (state_ != state::writing) return;  // closed meanwhile
  if (ec) {
    close();
    return;
  }
  exchange_.record.bytes_out += n;
  finish_request();
}

// The response is out (from writing or ending_stream): record the exchange, then go on.
template <class Stream>
void http1_connection<Stream>::finish_request() {
  if (ctx_.observer) ctx_.observer(exchange_.record.finished(clock::now()));
  if (exchange_.after == after_response::linger) {
    linger_close();
  } else if (exchange_.after == after_response::close || worker_.stopping) {
    error_code ec;
    socket_.lowest_layer().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
    close();
  } else {
    begin_request(clock::now(), ctx_.options.idle_timeout);
  }
}

// The class itself is instantiated in http1_connection.cpp; these are the members defined here.
using plain_stream = asio::ip::tcp::socket;
using tls_stream = asio::ssl::stream<asio::ip::tcp::socket>;
template void http1_connection<plain_stream>::dispatch();
template void http1_connection<plain_stream>::deliver(std::uint64_t, response);
template void http1_connection<plain_stream>::on_response(std::uint64_t, response);
template void http1_connection<plain_stream>::write_head_and_body();
template void http1_connection<plain_stream>::on_write(error_code, std::size_t);
template void http1_connection<plain_stream>::finish_request();
template void http1_connection<tls_stream>::dispatch();
template void http1_connection<tls_stream>::deliver(std::uint64_t, response);
template void http1_connection<tls_stream>::on_response(std::uint64_t, response);
template void http1_connection<tls_stream>::write_head_and_body();
template void http1_connection<tls_stream>::on_write(error_code, std::size_t);
template void http1_connection<tls_stream>::finish_request();

}  // namespace ragbench::server
