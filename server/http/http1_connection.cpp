// The HTTP/1.1 connection's life cycle and request reading: a hand-driven Beast parser over a
// reused flat buffer, and one connection_deadline for every timeout (no timer syscall per
// request). The state table is in the header.
#include "server/http/http1_connection.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>

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
http1_connection<Stream>::http1_connection(Stream socket, io_worker& worker)
    : socket_(std::move(socket)), worker_(worker), ctx_(worker.context), deadline_(worker.io) {}

template <class Stream>
void http1_connection<Stream>::start(connection::list::iterator self) {
  self_ = self;
  deadline_.start(this->weak_from_this(), [this] { on_deadline(); });
  error_code ec;
  socket_.lowest_layer().set_option(asio::ip::tcp::no_delay(true), ec);
  auto peer = socket_.lowest_layer().remote_endpoint(ec);
  if (!ec) remote_ = peer.address().to_string() + ":" + std::to_string(peer.port());
  if (worker_.stopping) {
    close();
    return;
  }
  begin_request(clock::now(), ctx_.options.header_timeout);
}

template <class Stream>
void http1_connection<Stream>::on_server_stop() {
  if (state_ == state::awaiting) close();
}

template <class Stream>
void http1_connection<Stream>::close() {
  if (state_ == state::closed) return;
  enter(state::closed);
  auto keep = this->shared_from_this();  // erasing from the list may drop the last owner
  // count first: whoever sees the socket close also sees the connection gone
  ctx_.open_connections.fetch_sub(1);
  error_code ec;
  socket_.lowest_layer().close(ec);
  deadline_.cancel();
  if (stream_) {
    stream_->cancel();
    stream_.reset();
  }
  worker_.connections.erase(self_);
}

template <class Stream>
auto http1_connection<Stream>::idle_since() const -> clock::time_point {
  return state_ == state::awaiting ? waiting_since_ : clock::time_point::max();
}

// A new exchange: the next request is read within `wait_limit` of `waiting_since`, unless its
// bytes are already buffered (pipelined).
template <class Stream>
void http1_connection<Stream>::begin_request(clock::time_point waiting_since, clock::duration wait_limit) {
  if (worker_.stopping && buffer_.size() == 0) {
    close();
    return;
  }
  req_ = request{};
  req_.headers.reserve(8);
  req_.remote = remote_;
  parser_.emplace(req_);
  parser_->body_limit(ctx_.options.body_limit_bytes);
  parser_->header_limit(static_cast<std::uint32_t>(ctx_.options.header_limit_bytes));
  parser_->eager(true);
  exchange_ = exchange{};
  if (buffer_.size() > 0) {
    enter(state::reading_header);
    exchange_.record.started = clock::now();
    parse();
    return;
  }
  if (state_ != state::awaiting) enter(state::awaiting);  // a new connection starts there
  waiting_since_ = waiting_since;
  deadline_.set(waiting_since + wait_limit);
  do_read();
}

template <class Stream>
void http1_connection<Stream>::do_read() {
  // bigger reads while a body streams in: fewer syscalls for uploads
  std::size_t want = parser_ && parser_->is_header_done() ? body_read_chunk_bytes : read_chunk_bytes;
  socket_.async_read_some(buffer_.prepare(want),
                          [self = this->shared_from_this()](error_code ec, std::size_t n) { self->on_read(ec, n); });
}

template <class Stream>
void http1_connection<Stream>::on_read(error_code ec, std::size_t n) {
  switch (state_) {
    case state::lingering:  // discarding what a rejected client still sends
      buffer_.clear();
      if (ec) {
        close();
      } else {
        do_read();
      }
      return;
    case state::awaiting:
    case state::sniffing:
    case state::reading_header:
    case state::reading_body:
      break;
    default:
      return;  // closed, or a read cancelled (or overtaken) by a 408 answer
  }
  if (ec) {  // end of stream, reset or timeout-close: nothing to answer
    close();
    return;
  }
  buffer_.commit(n);
  if (state_ == state::awaiting) {
    exchange_.record.started = clock::now();
    // Only a connection's first bytes may be the HTTP/2 client preface (no exchange begun yet).
    enter(ctx_.options.http2 && seq_ == 0 ? state::sniffing : state::reading_header);
  }
  if (state_ == state::sniffing && !sniff()) return;
  parse();
}

template <class Stream>
void http1_connection<Stream>::parse() {
  while (buffer_.size() > 0) {
    error_code ec;
    std::size_t n = parser_->put(buffer_.data(), ec);
    buffer_.consume(n);
    exchange_.record.bytes_in += n;
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
    deadline_.set(exchange_.record.started + ctx_.options.header_timeout);
  } else if (state_ == state::reading_header) {
    begin_body();
    return;
  }
  do_read();
}

template <class Stream>
void http1_connection<Stream>::begin_body() {
  enter(state::reading_body);
  deadline_.set(clock::now() + ctx_.options.read_timeout);
  if (!parser_->expects_continue()) {
    do_read();
    return;
  }
  auto written = [self = this->shared_from_this()](error_code ec, std::size_t) {
    if (self->state_ != state::reading_body) return;  // closed, or a 408 overtook it
    if (ec) {
      self->close();
    } else {
      self->do_read();
    }
  };
  asio::async_write(socket_, asio::buffer(continue_line), std::move(written));
}

template <class Stream>
void http1_connection<Stream>::on_deadline() {
  if (state_ == state::reading_header || state_ == state::reading_body) {
    time_out_request();  // part of a request came, none of a response went: say why we close
    return;
  }
  close();  // idle, sniffing, write or linger timeout, or a 408 that could not be written in time
}

template class http1_connection<asio::ip::tcp::socket>;
template class http1_connection<asio::ssl::stream<asio::ip::tcp::socket>>;

}  // namespace ragbench::server
