// The streamed-response half of http1_connection: chunked (or, for HTTP/1.0, close-delimited)
// bodies pulled from a body_stream one piece at a time, each pull issued only after the
// previous piece was written, so a slow reader throttles the producer.
#include "server/http/http1_connection.hpp"

#include "server/http/response_head.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <charconv>

namespace ragbench::server {
namespace asio = boost::asio;
using boost::system::error_code;

namespace {
constexpr std::string_view crlf = "\r\n";
constexpr std::string_view last_chunk = "0\r\n\r\n";
}  // namespace

template <class Stream>
void http1_connection<Stream>::start_stream(response r, response_head_options o) {
  stream_ = std::move(r.stream);
  o.chunked = !exchange_.http10;
  o.length_known = false;
  if (exchange_.http10) {  // an HTTP/1.0 stream ends at close
    o.keep_alive = false;
    exchange_.after = after_response::close;
  }
  write_response_head(head_, r, o);
  enter(state::streaming);
  deadline_.set(clock::now() + ctx_.options.write_timeout);
  asio::async_write(socket_, asio::buffer(head_), [self = this->shared_from_this()](error_code ec, std::size_t n) {
    self->on_stream_write(ec, n);
  });
}

template <class Stream>
void http1_connection<Stream>::pull() {
  deadline_.clear();  // the producer sets the pace; shutdown bounds it
  std::uint64_t seq = seq_;
  stream_->next(worker_.io.get_executor(), [weak = this->weak_from_this(), seq](std::optional<std::string> piece) {
    auto self = weak.lock();
    if (!self) return;
    if (self->worker_.io.get_executor().running_in_this_thread()) {
      self->on_piece(seq, std::move(piece));
    } else {  // contract breach (deliver off the executor): still safe
      asio::post(self->worker_.io, [self, seq, piece = std::move(piece)]() mutable {
        self->on_piece(seq, std::move(piece));
      });
    }
  });
}

template <class Stream>
void http1_connection<Stream>::on_piece(std::uint64_t seq, std::optional<std::string> piece) {
  if (seq != seq_ || state_ != state::streaming) return;
  auto written = [self = this->shared_from_this()](error_code ec, std::size_t n) { self->on_stream_write(ec, n); };
  if (!piece) {
    enter(state::ending_stream);
    deadline_.set(clock::now() + ctx_.options.write_timeout);
    asio::async_write(socket_, asio::buffer(exchange_.http10 ? std::string_view{} : last_chunk), std::move(written));
    return;
  }
  if (piece->empty()) {  // an empty chunk would end the stream: ask for the next piece instead
    asio::post(worker_.io, [self = this->shared_from_this()] {
      if (self->state_ == state::streaming) self->pull();
    });
    return;
  }
  deadline_.set(clock::now() + ctx_.options.write_timeout);
  chunk_ = std::move(*piece);
  if (exchange_.http10) {
    asio::async_write(socket_, asio::buffer(chunk_), std::move(written));
    return;
  }
  char hex[20];
  auto res = std::to_chars(hex, hex + sizeof hex, chunk_.size(), 16);
  chunk_head_.assign(hex, res.ptr);
  chunk_head_.append(crlf);
  std::array<asio::const_buffer, 3> buffers{asio::buffer(chunk_head_), asio::buffer(chunk_), asio::buffer(crlf)};
  asio::async_write(socket_, buffers, std::move(written));
}

// The head, a piece, or the last chunk was written.
template <class Stream>
void http1_connection<Stream>::on_stream_write(error_code ec, std::size_t n) {
  if (state_ != state::streaming && state_ != state::ending_stream) return;  // closed meanwhile
  if (ec) {
    close();
    return;
  }
  exchange_.record.bytes_out += n;
  if (state_ == state::streaming) {
    pull();
    return;
  }
  stream_.reset();
  finish_request();
}

// The class itself is instantiated in http1_connection.cpp; these are the members defined here.
using plain_stream = asio::ip::tcp::socket;
using tls_stream = asio::ssl::stream<asio::ip::tcp::socket>;
template void http1_connection<plain_stream>::start_stream(response, response_head_options);
template void http1_connection<plain_stream>::pull();
template void http1_connection<plain_stream>::on_piece(std::uint64_t, std::optional<std::string>);
template void http1_connection<plain_stream>::on_stream_write(error_code, std::size_t);
template void http1_connection<tls_stream>::start_stream(response, response_head_options);
template void http1_connection<tls_stream>::pull();
template void http1_connection<tls_stream>::on_piece(std::uint64_t, std::optional<std::string>);
template void http1_connection<tls_stream>::on_stream_write(error_code, std::size_t);

}  // namespace ragbench::server
