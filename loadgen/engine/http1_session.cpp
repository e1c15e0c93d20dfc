// HTTP/1.1 keep-alive session: connect -> write -> read until the parser has a full response.
#include "loadgen/engine/http1_session.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/write.hpp>

namespace ragbench::loadgen {

namespace asio = boost::asio;
using boost::system::error_code;

void http1_stats::merge(const http1_stats& o) {
  overruns += o.overruns;
  stray_resent += o.stray_resent;
}

http1_session::http1_session(asio::io_context& io, asio::ip::tcp::endpoint target, session_options options,
                             tls_client_context* tls, http1_stats* stats)
    : io_(io), stream_(io, tls), timer_(io), target_(target), options_(options), stats_(stats),
      buffer_(std::max<std::size_t>(options.initial_buffer_bytes, 1024)) {}

void http1_session::async_send(const request_bytes& request, send_completion done) {
  if (busy_) {
    asio::post(io_, [d = std::move(done)] {
      send_result r;
      r.failure = failure_kind::busy;
      r.sent_at = r.done_at = clock::now();
      d(r);
    });
    return;
  }
  busy_ = true;
  request_ = request;
  done_ = std::move(done);
  result_ = send_result{};
  result_.sent_at = clock::now();
  retried_ = false;
  timed_out_ = false;
  cancelled_ = false;
  if (connected_) {
    reused_ = true;
    deadline_ = result_.sent_at + request_timeout();
    arm_timer();
    do_write();
  } else {
    do_connect();
  }
}

std::chrono::nanoseconds http1_session::request_timeout() const {
  return request_.timeout.count() > 0 ? request_.timeout : std::chrono::nanoseconds(options_.request_timeout);
}

void http1_session::do_connect() {
  reused_ = false;
  connecting_ = true;
  result_.new_connection = true;
  deadline_ = clock::now() + options_.connect_timeout;
  arm_timer();
  ++connects_;
  stream_.async_connect(target_, [this](const error_code& ec, transport_stream::stage st) { on_connect(ec, st); });
}

void http1_session::on_connect(const error_code& ec, transport_stream::stage stage) {
  connecting_ = false;
  if (ec) {
    failure_kind k = failure_kind::connect_failed;
    if (cancelled_) k = failure_kind::cancelled;
    else if (timed_out_) k = failure_kind::connect_timeout;
    else if (stage == transport_stream::stage::tls) k = failure_kind::tls;
    else if (ec == asio::error::connection_refused) k = failure_kind::connect_refused;
    drop_connection();
    finish(k);
    return;
  }
  connected_ = true;
  deadline_ = clock::now() + request_timeout();
  arm_timer();
  do_write();
}

void http1_session::do_write() {
  filled_ = 0;
  parser_.reset(request_.head_request, request_.sink);
  stream_.async_write(asio::buffer(request_.bytes.data(), request_.bytes.size()),
                      [this](const error_code& ec, std::size_t n) { on_write(ec, n); });
}

void http1_session::on_write(const error_code& ec, std::size_t n) {
  if (ec) return fail_io(ec);
  result_.bytes_sent += n;
  do_read();
}

void http1_session::do_read() {
  // The request timeout covers the whole response: a body that keeps arriving does not extend it.
  // (on_timer's cancel() misses a read whose completion was already queued.)
  if (timed_out_) {
    drop_connection();
    return finish(failure_kind::timeout);
  }
  // Body bytes already handed to the sink free their space; only a head (<= 64 KiB) or a partial
  // chunk-size/trailer line (<= 8 KiB) that fills the buffer makes it grow.
  if (filled_ == buffer_.size()) filled_ = parser_.reclaim(buffer_.data(), filled_);
  if (filled_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
  // Note: asio tries the recv speculatively first, which fails with EAGAIN about half the time.
  // Waiting for readability instead (async_wait + non-blocking read) trades that recv for an
  // epoll_ctl(MOD) per request in Boost 1.74: measured no better, so the simple form stays.
  stream_.async_read_some(asio::buffer(buffer_.data() + filled_, buffer_.size() - filled_),
                          [this](const error_code& ec, std::size_t n) { on_read(ec, n); });
}

void http1_session::on_read(const error_code& ec, std::size_t n) {
  if (ec) return fail_io(ec);
  filled_ += n;
  result_.bytes_received += n;
  switch (parser_.parse(buffer_.data(), filled_)) {
    case response_parser::result::need_more: return do_read();
    case response_parser::result::error:
      drop_connection();
      // Not even the start of an HTTP answer, on a connection that carried an earlier response: most
      // likely the rest of that one (a body longer than its Content-Length) that came after it ended.
      // This request is not to blame: it goes again, once, on a fresh connection.
      if (reused_ && !retried_ && parser_.not_http()) {
        if (stats_) ++stats_->stray_resent;
        retried_ = true;
        result_.bytes_sent = result_.bytes_received = 0;
        return do_connect();
      }
      return finish(failure_kind::protocol);
    case response_parser::result::sink_failed:
      drop_connection();
      return finish(parser_.sink_failure());
    case response_parser::result::done:
      // Bytes after the end of the response (a body longer than its Content-Length, junk after the
      // last chunk): its framing is wrong, and the connection is in an unknown state.
      if (parser_.consumed() != filled_) {
        if (stats_) ++stats_->overruns;
        drop_connection();
        return finish(failure_kind::protocol);
      }
      if (!parser_.response().keep_alive) drop_connection();
      return finish(failure_kind::none);
  }
}

// A TLS peer that closes without close_notify reports stream_truncated: a close like eof.
void http1_session::fail_io(const error_code& ec) {
  if (cancelled_ || timed_out_) {
    drop_connection();
    return finish(cancelled_ ? failure_kind::cancelled : failure_kind::timeout);
  }
  const bool eof = ec == asio::error::eof || ec == asio::ssl::error::stream_truncated;
  if (eof) {
    auto r = parser_.on_eof(buffer_.data(), filled_);
    if (r == response_parser::result::done || r == response_parser::result::sink_failed) {
      drop_connection();
      return finish(r == response_parser::result::done ? failure_kind::none : parser_.sink_failure());
    }
  }
  bool closed = eof || ec == asio::error::connection_reset || ec == asio::error::broken_pipe;
  drop_connection();
  // Keep-alive race: the server closed an idle connection just as we reused it. Nothing of the
  // response arrived, so resending once on a fresh connection is safe and not a failure.
  if (closed && reused_ && !retried_ && !parser_.started()) {
    retried_ = true;
    result_.bytes_sent = 0;
    return do_connect();
  }
  finish(failure_kind::reset);
}

void http1_session::arm_timer() {
  // A pending wait for an earlier (or equal) instant re-arms itself to the newer deadline when it
  // fires; only a deadline that moved earlier (request timeout < connect timeout) needs a re-arm.
  if (timer_armed_ && armed_for_ <= deadline_) return;
  timer_armed_ = true;
  armed_for_ = deadline_;
  timer_.expires_at(deadline_);  // cancels a pending wait; its handler sees a stale generation
  std::uint64_t generation = ++timer_generation_;
  timer_.async_wait([this, generation](const error_code& ec) {
    if (generation == timer_generation_) on_timer(ec);
  });
}

void http1_session::on_timer(const error_code& ec) {
  timer_armed_ = false;
  if (ec == asio::error::operation_aborted || !busy_) return;  // cancelled by close(), or idle
  if (clock::now() < deadline_) return arm_timer();
  timed_out_ = true;
  stream_.cancel();  // the pending connect/write/read completes with operation_aborted
}

void http1_session::finish(failure_kind failure) {
  busy_ = false;
  result_.failure = failure;
  result_.done_at = clock::now();
  result_.response = failure == failure_kind::none ? &parser_.response() : nullptr;
  // Move the completion out first: it may call async_send again on this session.
  // Copy the result too, so the callee can start the next request while reading it.
  send_completion done = std::move(done_);
  done_ = nullptr;
  const send_result result = result_;
  done(result);
}

void http1_session::drop_connection() {
  stream_.close();
  connected_ = false;
}

void http1_session::close() {
  if (busy_) cancelled_ = true;  // the pending connect/write/read completes as cancelled
  drop_connection();
  if (timer_armed_) timer_.cancel();
}

}  // namespace ragbench::loadgen
