// The socket side of an HTTP/2 connection: a read loop feeding nghttp2 and a write loop that
// drains everything nghttp2 has queued into one buffer per write, with one connection_deadline
// for the idle, write and stall timeouts (as in http1_connection).
#include "server/http/h2_connection.hpp"

#include <nghttp2/nghttp2.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>

namespace ragbench::server {
namespace asio = boost::asio;
using boost::system::error_code;

namespace {
constexpr std::size_t max_write_bytes = 64 * 1024;  // per write: bounded latency for other streams
}  // namespace

template <class Stream>
h2_connection<Stream>::h2_connection(Stream stream, io_worker& worker, std::string remote)
    : stream_(std::move(stream)),
      worker_(worker),
      ctx_(worker.context),
      remote_(std::move(remote)),
      deadline_(worker.io) {}

template <class Stream>
void h2_connection<Stream>::start(connection::list::iterator self, std::string_view initial, request* upgraded,
                                  std::string_view settings_payload) {
  self_ = self;
  deadline_.start(this->weak_from_this(), [this] { on_deadline(); });
  session_ = std::make_shared<h2_server_session>(worker_, remote_, [weak = this->weak_from_this()] {
    if (auto c = weak.lock()) c->pump();
  });
  if (!session_->start(upgraded, settings_payload)) {
    close();
    return;
  }
  if (!initial.empty() && !session_->receive(reinterpret_cast<const std::uint8_t*>(initial.data()), initial.size())) {
    failed_ = true;
  }
  if (worker_.stopping) session_->shutdown();
  pump();
  if (!closed_ && !failed_) do_read();
}

template <class Stream>
void h2_connection<Stream>::on_server_stop() {
  if (!closed_) session_->shutdown();
}

template <class Stream>
void h2_connection<Stream>::close() {
  if (closed_) return;
  closed_ = true;
  auto keep = this->shared_from_this();  // erasing from the list may drop the last owner
  ctx_.open_connections.fetch_sub(1);
  error_code ec;
  stream_.lowest_layer().close(ec);
  deadline_.cancel();
  if (session_) session_->close();
  worker_.connections.erase(self_);
}

template <class Stream>
auto h2_connection<Stream>::idle_since() const -> clock::time_point {
  bool idle = !closed_ && !writing_ && session_ && session_->idle();
  return idle ? idle_since_ : clock::time_point::max();
}

template <class Stream>
void h2_connection<Stream>::do_read() {
  if (reading_ || closed_) return;
  reading_ = true;
  stream_.async_read_some(asio::buffer(in_),
                          [self = this->shared_from_this()](error_code ec, std::size_t n) { self->on_read(ec, n); });
}

template <class Stream>
void h2_connection<Stream>::on_read(error_code ec, std::size_t n) {
  reading_ = false;
  if (closed_) return;
  if (ec) {  // the peer closed or reset: nobody is left to read a GOAWAY
    close();
    return;
  }
  if (!session_->receive(in_.data(), n)) failed_ = true;
  pump();
  if (!closed_ && !failed_ && session_->want_read()) do_read();
}

template <class Stream>
void h2_connection<Stream>::pump() {
  if (closed_ || writing_) return;
  out_.clear();
  if (!session_->produce(out_, max_write_bytes)) failed_ = true;
  note_progress();
  if (out_.empty()) {
    if (failed_ || (!session_->want_read() && !session_->want_write())) {
      error_code ec;
      stream_.lowest_layer().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
      close();
      return;
    }
    refresh_deadline();
    return;
  }
  writing_ = true;
  deadline_.set(clock::now() + ctx_.options.write_timeout);
  asio::async_write(stream_, asio::buffer(out_),
                    [self = this->shared_from_this()](error_code ec, std::size_t) { self->on_write(ec); });
}

template <class Stream>
void h2_connection<Stream>::on_write(error_code ec) {
  writing_ = false;
  if (closed_) return;
  if (ec) {
    close();
    return;
  }
  pump();
}

// Response bytes are held but none went out since the last look: the peer's flow-control window
// (or its socket) is shut. The stall is timed; any DATA sent ends it.
template <class Stream>
void h2_connection<Stream>::note_progress() {
  std::uint64_t sent = session_->body_bytes_sent();
  if (sent != sent_mark_ || session_->unsent_body_bytes() == 0) {
    stalled_since_ = clock::time_point::max();
  } else if (stalled_since_ == clock::time_point::max()) {
    stalled_since_ = clock::now();
  }
  sent_mark_ = sent;
}

template <class Stream>
void h2_connection<Stream>::refresh_deadline() {
  if (session_->idle()) {
    idle_since_ = clock::now();
    deadline_.set(idle_since_ + ctx_.options.idle_timeout);
  } else if (stalled_since_ != clock::time_point::max()) {
    deadline_.set(stalled_since_ + ctx_.options.write_timeout);
  } else {
    deadline_.clear();  // handlers and streams set the pace; stop() bounds it
  }
}

// Idle, a write that did not finish, or a peer that let no DATA out: say goodbye properly once
// (GOAWAY), then close when the goodbye itself cannot be delivered in time.
template <class Stream>
void h2_connection<Stream>::on_deadline() {
  bool stalled = stalled_since_ != clock::time_point::max();
  if (!writing_ && !goaway_sent_ && (session_->idle() || stalled)) {
    goaway_sent_ = true;
    // idle: NO_ERROR; a peer that let no DATA through for write_timeout: ENHANCE_YOUR_CALM
    session_->terminate(session_->idle() ? NGHTTP2_NO_ERROR : NGHTTP2_ENHANCE_YOUR_CALM);
    if (!closed_) deadline_.set(clock::now() + ctx_.options.write_timeout);
    return;
  }
  close();  // write timeout, or the GOAWAY could not be delivered
}

template class h2_connection<asio::ip::tcp::socket>;
template class h2_connection<asio::ssl::stream<asio::ip::tcp::socket>>;

}  // namespace ragbench::server
