// The per-connection request/response loop: a hand-driven Beast parser over a reused flat
// buffer, responses serialised by hand into reused strings and sent with one gathered write,
// and a single lazily re-armed timer per connection for all timeouts (no timer syscall per request).
#include "server/http/http_connection.hpp"

#include "server/http/json_response.hpp"
#include "server/http/response_head.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>

#include <array>
#include <type_traits>

namespace ragbench::server {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using boost::system::error_code;

namespace {
constexpr std::size_t read_chunk_bytes = 8192;
constexpr std::size_t body_read_chunk_bytes = 65536;
constexpr std::string_view continue_line = "HTTP/1.1 100 Continue\r\n\r\n";
}  // namespace

template <class Stream>
http_connection<Stream>::http_connection(Stream socket, io_worker& worker)
    : socket_(std::move(socket)), worker_(worker), ctx_(worker.context), timer_(worker.io) {}

template <class Stream>
void http_connection<Stream>::start(connection::list::iterator self) {
  self_ = self;
  sniffing_ = ctx_.options.http2;
  error_code ec;
  socket_.lowest_layer().set_option(asio::ip::tcp::no_delay(true), ec);
  auto peer = socket_.lowest_layer().remote_endpoint(ec);
  if (!ec) remote_ = peer.address().to_string() + ":" + std::to_string(peer.port());
  if (worker_.stopping) {
    close();
    return;
  }
  begin_request();
}

template <class Stream>
void http_connection<Stream>::on_server_stop() {
  if (state_ == state::reading && !request_started_ && buffer_.size() == 0) close();
}

template <class Stream>
void http_connection<Stream>::close() {
  if (state_ == state::closed) return;
  state_ = state::closed;
  auto keep = this->shared_from_this();  // erasing from the list may drop the last owner
  // count first: whoever sees the socket close also sees the connection gone
  ctx_.open_connections.fetch_sub(1);
  error_code ec;
  socket_.lowest_layer().close(ec);
  timer_.cancel();
  if (stream_) {
    stream_->cancel();
    stream_.reset();
  }
  worker_.connections.erase(self_);
}

template <class Stream>
void http_connection<Stream>::begin_request() {
  if (worker_.stopping && buffer_.size() == 0) {
    close();
    return;
  }
  state_ = state::reading;
  req_ = request{};
  req_.headers.reserve(8);
  req_.remote = remote_;
  parser_.emplace(req_);
  parser_->body_limit(ctx_.options.body_limit_bytes);
  parser_->header_limit(static_cast<std::uint32_t>(ctx_.options.header_limit_bytes));
  parser_->eager(true);
  bytes_in_ = 0;
  bytes_out_ = 0;
  request_started_ = false;
  body_deadline_set_ = false;
  continue_sent_ = false;
  if (buffer_.size() > 0) {  // pipelined: the next request is already here
    request_started_ = true;
    started_ = clock::now();
    parse();
    return;
  }
  waiting_since_ = clock::now();
  set_deadline(waiting_since_ + (first_request_ ? ctx_.options.header_timeout : ctx_.options.idle_timeout));
  do_read();
}

template <class Stream>
auto http_connection<Stream>::idle_since() const -> clock::time_point {
  bool waiting = state_ == state::reading && !request_started_ && buffer_.size() == 0;
  return waiting ? waiting_since_ : clock::time_point::max();
}

template <class Stream>
void http_connection<Stream>::do_read() {
  // bigger reads while a body streams in: fewer syscalls for uploads
  std::size_t want = parser_ && parser_->is_header_done() ? body_read_chunk_bytes : read_chunk_bytes;
  socket_.async_read_some(buffer_.prepare(want),
                          [self = this->shared_from_this()](error_code ec, std::size_t n) { self->on_read(ec, n); });
}

template <class Stream>
void http_connection<Stream>::on_read(error_code ec, std::size_t n) {
  if (state_ == state::closed) return;
  if (state_ == state::lingering) {  // discarding what a rejected client still sends
    buffer_.clear();
    if (ec) {
      close();
    } else {
      do_read();
    }
    return;
  }
  if (state_ != state::reading) return;  // a read cancelled (or overtaken) by a 408 answer
  if (ec) {  // end of stream, reset or timeout-close: nothing to answer
    close();
    return;
  }
  buffer_.commit(n);
  if (sniffing_ && !sniff()) return;
  if (!request_started_) {
    request_started_ = true;
    started_ = clock::now();
  }
  parse();
}

template <class Stream>
void http_connection<Stream>::parse() {
  while (buffer_.size() > 0) {
    error_code ec;
    std::size_t n = parser_->put(buffer_.data(), ec);
    buffer_.consume(n);
    bytes_in_ += n;
    if (ec == http::error::need_more) break;
    if (ec) {
      fail_request(rejection_for(ec));
      return;
    }
    if (parser_->is_done()) {
      dispatch();
      return;
    }
    if (n == 0) break;
  }
  if (auto why = oversized_chunk_element()) {
    fail_request(std::move(*why));
    return;
  }
  if (!parser_->is_header_done()) {
    set_deadline(started_ + ctx_.options.header_timeout);
  } else if (!body_deadline_set_) {
    body_deadline_set_ = true;
    set_deadline(clock::now() + ctx_.options.read_timeout);
  }
  if (parser_->is_header_done() && parser_->expects_continue() && !continue_sent_) {
    continue_sent_ = true;
    asio::async_write(socket_, asio::buffer(continue_line),
                      [self = this->shared_from_this()](error_code ec, std::size_t) {
                        if (self->state_ == state::closed) return;
                        if (ec) {
                          self->close();
                        } else {
                          self->do_read();
                        }
                      });
    return;
  }
  do_read();
}

template <class Stream>
void http_connection<Stream>::dispatch() {
  state_ = state::handling;
  first_request_ = false;
  set_deadline(clock::time_point::max());  // the handler's time is not bounded by the transport
  keep_alive_ = parser_->keep_alive();
  http10_ = req_.version == 10;
  gzip_ok_ = parser_->accepts_gzip();
  [[maybe_unused]] bool has_upgrade = parser_->has_upgrade();  // unused for TLS streams
  parser_.reset();
  head_request_ = req_.method == "HEAD";
  linger_after_ = false;
  method_.assign(req_.method);
  route_ = "unmatched";
  if constexpr (std::is_same_v<Stream, asio::ip::tcp::socket>) {  // h2c upgrades are cleartext only
    if (has_upgrade && ctx_.options.http2 && !worker_.stopping && try_upgrade()) return;
  }
  std::uint64_t seq = ++seq_;
  respond_fn respond = [weak = this->weak_from_this(), seq](response r) {
    if (auto self = weak.lock()) self->deliver(seq, std::move(r));
  };
  try {
    ctx_.handler(std::move(req_), handler_context{worker_.io.get_executor(), &route_}, std::move(respond));
  } catch (const std::exception& e) {
    on_response(seq, json_error(500, "internal", std::string("handler failed: ") + e.what()));
  } catch (...) {
    on_response(seq, json_error(500, "internal", "handler failed"));
  }
}

template <class Stream>
void http_connection<Stream>::deliver(std::uint64_t seq, response r) {
  if (worker_.io.get_executor().running_in_this_thread()) {
    on_response(seq, std::move(r));
    return;
  }
  asio::post(worker_.io, [self = this->shared_from_this(), seq, r = std::move(r)]() mutable {
    self->on_response(seq, std::move(r));
  });
}

template <class Stream>
void http_connection<Stream>::on_response(std::uint64_t seq, response r) {
  if (seq != seq_ || state_ != state::handling) return;  // late, duplicate, or connection gone
  if (r.status < 200 || r.status > 599) {  // 1xx would need protocol switching we do not do
    r = json_error(500, "bad_response_status", "handler produced status " + std::to_string(r.status));
  } else if (!headers_are_safe(r.headers)) {
    r = json_error(500, "bad_response_header", "handler produced an invalid header");
  }
  status_ = r.status;
  bool bodiless = r.status == 204 || r.status == 304;
  response_head_options o;
  o.keep_alive = keep_alive_ && !worker_.stopping;
  o.http10 = http10_;
  o.date = worker_.date.now();
  head_.clear();
  if (r.stream && !bodiless && !head_request_) {
    start_stream(std::move(r), o);
    return;
  }
  bool head_of_stream = r.stream && head_request_;
  if (r.stream) r.stream->cancel();  // HEAD or a bodiless status: the stream is never read
  body_.swap(r.body);
  if (ctx_.options.gzip && !bodiless && body_.size() >= ctx_.options.gzip_min_bytes && !r.header("content-encoding")) {
    o.vary_accept_encoding = true;
    if (gzip_ok_ && worker_.gzip.compress(body_, spare_)) {
      body_.swap(spare_);
      o.gzip = true;
    }
  }
  o.content_length = body_.size();
  o.length_known = !bodiless && !head_of_stream;
  o.chunked = head_of_stream && !http10_;  // what the GET would have used
  keep_alive_ = o.keep_alive;
  write_response_head(head_, r, o);
  if (head_request_ || bodiless) body_.clear();
  write_head_and_body();
}

template <class Stream>
void http_connection<Stream>::write_head_and_body() {
  state_ = state::writing;
  set_deadline(clock::now() + ctx_.options.write_timeout);
  std::array<asio::const_buffer, 2> buffers{asio::buffer(head_), asio::buffer(body_)};
  asio::async_write(socket_, buffers,
                    [self = this->shared_from_this()](error_code ec, std::size_t n) { self->on_write(ec, n); });
}

template <class Stream>
void http_connection<Stream>::on_write(error_code ec, std::size_t n) {
  if (state_ == state::closed) return;
  if (ec) {
    close();
    return;
  }
  bytes_out_ += n;
  finish_request();
}

template <class Stream>
void http_connection<Stream>::finish_request() {
  if (ctx_.observer) {
    request_record rec;
    rec.route = route_;
    rec.method = method_;
    rec.status = status_;
    rec.duration = clock::now() - started_;
    rec.bytes_in = bytes_in_;
    rec.bytes_out = bytes_out_;
    ctx_.observer(rec);
  }
  if (linger_after_) {
    linger_close();
  } else if (!keep_alive_ || worker_.stopping) {
    error_code ec;
    socket_.lowest_layer().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
    close();
  } else {
    begin_request();
  }
}

template <class Stream>
void http_connection<Stream>::set_deadline(clock::time_point t) {
  deadline_ = t;
  if (t >= timer_expiry_) return;  // the armed timer fires first and re-arms itself lazily
  timer_expiry_ = t;
  timer_.expires_at(t);
  timer_.async_wait([self = this->shared_from_this()](error_code ec) { self->on_timer(ec); });
}

template <class Stream>
void http_connection<Stream>::on_timer(error_code ec) {
  if (ec == asio::error::operation_aborted || state_ == state::closed) return;
  if (clock::now() >= deadline_) {
    if (state_ == state::reading && request_started_ && !sniffing_) {
      time_out_request();  // part of a request came, none of a response went: say why we close
      return;
    }
    close();  // idle, write or linger timeout, or a 408 that could not be written in time
    return;
  }
  timer_expiry_ = deadline_;
  if (deadline_ == clock::time_point::max()) return;
  timer_.expires_at(deadline_);
  timer_.async_wait([self = this->shared_from_this()](error_code e) { self->on_timer(e); });
}

template class http_connection<asio::ip::tcp::socket>;
template class http_connection<asio::ssl::stream<asio::ip::tcp::socket>>;

}  // namespace ragbench::server
