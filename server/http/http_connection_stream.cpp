// The streamed-response half of http_connection: chunked (or, for HTTP/1.0, close-delimited)
// bodies pulled from a body_stream one piece at a time, each pull issued only after the
// previous piece was written, so a slow reader throttles the producer.
#include "server/http/http_connection.hpp"

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
void http_connection<Stream>::start_stream(response r, response_head_options o) {
  stream_ = std::move(r.stream);
  stream_ending_ = false;
  o.chunked = !http10_;
  o.length_known = false;
  if (http10_) o.keep_alive = false;  // an HTTP/1.0 stream ends at close
  keep_alive_ = o.keep_alive;
  write_response_head(head_, r, o);
  state_ = state::streaming;
  deadline_.set(clock::now() + ctx_.options.write_timeout);
  asio::async_write(socket_, asio::buffer(head_), [self = this->shared_from_this()](error_code ec, std::size_t n) {
    if (self->state_ != state::streaming) return;
    if (ec) {
      self->close();
      return;
    }
    self->bytes_out_ += n;
    self->pull();
  });
}

template <class Stream>
void http_connection<Stream>::pull() {
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
void http_connection<Stream>::on_piece(std::uint64_t seq, std::optional<std::string> piece) {
  if (seq != seq_ || state_ != state::streaming || stream_ending_) return;
  auto on_chunk_written = [self = this->shared_from_this()](error_code ec, std::size_t n) {
    if (self->state_ != state::streaming) return;
    if (ec) {
      self->close();
      return;
    }
    self->bytes_out_ += n;
    if (!self->stream_ending_) {
      self->pull();
      return;
    }
    self->stream_.reset();
    self->state_ = state::writing;
    self->finish_request();
  };
  deadline_.set(clock::now() + ctx_.options.write_timeout);
  if (!piece) {
    stream_ending_ = true;
    asio::async_write(socket_, asio::buffer(http10_ ? std::string_view{} : last_chunk), std::move(on_chunk_written));
    return;
  }
  if (piece->empty()) {  // an empty chunk would end the stream: ask for the next piece instead
    asio::post(worker_.io, [self = this->shared_from_this()] {
      if (self->state_ == state::streaming) self->pull();
    });
    return;
  }
  chunk_ = std::move(*piece);
  if (http10_) {
    asio::async_write(socket_, asio::buffer(chunk_), std::move(on_chunk_written));
    return;
  }
  char hex[20];
  auto res = std::to_chars(hex, hex + sizeof hex, chunk_.size(), 16);
  chunk_head_.assign(hex, res.ptr);
  chunk_head_.append(crlf);
  std::array<asio::const_buffer, 3> buffers{asio::buffer(chunk_head_), asio::buffer(chunk_), asio::buffer(crlf)};
  asio::async_write(socket_, buffers, std::move(on_chunk_written));
}

// The class itself is instantiated in http_connection.cpp; these are the members defined here.
using plain_stream = asio::ip::tcp::socket;
using tls_stream = asio::ssl::stream<asio::ip::tcp::socket>;
template void http_connection<plain_stream>::start_stream(response, response_head_options);
template void http_connection<plain_stream>::pull();
template void http_connection<plain_stream>::on_piece(std::uint64_t, std::optional<std::string>);
template void http_connection<tls_stream>::start_stream(response, response_head_options);
template void http_connection<tls_stream>::pull();
template void http_connection<tls_stream>::on_piece(std::uint64_t, std::optional<std::string>);

}  // namespace ragbench::server
