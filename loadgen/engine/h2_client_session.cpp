// HTTP/2 client session: nghttp2 driven by mem_recv/mem_send over one transport_stream.
#include "loadgen/engine/h2_client_session.hpp"

#include <algorithm>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>

#include "loadgen/engine/h2_client_session_slot.hpp"

namespace ragbench::loadgen {

namespace asio = boost::asio;
using boost::system::error_code;

namespace {
constexpr std::size_t read_buffer_bytes = 64 * 1024;
constexpr std::size_t max_coalesced_write = 256 * 1024;
constexpr std::int32_t stream_window = 16 * 1024 * 1024;    // per-stream receive window we announce
constexpr std::int32_t connection_window = 256 * 1024 * 1024;
}  // namespace

void h2_stats::merge(const h2_stats& o) {
  goaways += o.goaways;
  goaway_failed += o.goaway_failed;
  for (const auto& [name, n] : o.resets) resets[name] += n;
}

h2_client_session::h2_client_session(asio::io_context& io, asio::ip::tcp::endpoint target, session_options options,
                       std::size_t max_streams, tls_client_context* tls, h2_stats& stats)
    : io_(io), stream_(io, tls), timer_(io), target_(target), options_(options),
      max_streams_(std::max<std::size_t>(1, max_streams)), scheme_(tls ? "https" : "http"), stats_(stats),
      read_buf_(read_buffer_bytes) {
  nghttp2_session_callbacks_new(&callbacks_);
  nghttp2_session_callbacks_set_on_header_callback(callbacks_, &h2_client_session::on_header);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks_, &h2_client_session::on_data_chunk);
  nghttp2_session_callbacks_set_on_stream_close_callback(callbacks_, &h2_client_session::on_stream_close);
  nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks_, &h2_client_session::on_frame_recv);
}

h2_client_session::~h2_client_session() {
  if (session_) nghttp2_session_del(session_);
  nghttp2_session_callbacks_del(callbacks_);
}

std::size_t h2_client_session::capacity() const {
  if (!session_) return max_streams_;
  return std::min<std::size_t>(max_streams_,
                               nghttp2_session_get_remote_settings(session_, NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS));
}

h2_client_session::slot& h2_client_session::take_slot() {
  if (free_.empty()) {
    slots_.push_back(std::make_unique<slot>());
    return *slots_.back();
  }
  slot* s = free_.back();
  free_.pop_back();
  return *s;
}

void h2_client_session::async_send(const request_bytes& request, send_completion done) {
  closed_by_user_ = false;
  slot& s = take_slot();
  s.at = slot::stage::pending;
  s.request = request;
  s.done = std::move(done);
  s.sent_at = clock::now();
  s.deadline = s.sent_at + (request.timeout.count() > 0 ? request.timeout
                                                        : std::chrono::nanoseconds(options_.request_timeout));
  s.stream_id = -1;
  s.bytes_sent = s.bytes_received = 0;
  s.new_connection = false;
  pending_.push_back(&s);
  arm_timer(s.deadline);
  if (in_io_) return;  // submitted in one batch when the current read has been processed
  if (state_ != state::open) return maybe_reconnect();
  // Completions must not run inline from async_send: collect them and run them from the io_context.
  in_io_ = true;
  submit_pending();
  in_io_ = false;
  flush();
  if (!done_.empty()) asio::post(io_, [this] { run_completions(); });
}

void h2_client_session::maybe_reconnect() {
  if (state_ == state::idle && !pending_.empty() && ops_ == 0 && !closed_by_user_) connect();
}

void h2_client_session::connect() {
  state_ = state::connecting;
  fresh_connection_ = true;
  timed_out_connect_ = false;
  ++connects_;
  ++ops_;
  connect_deadline_ = clock::now() + options_.connect_timeout;
  arm_timer(connect_deadline_);
  stream_.async_connect(target_, [this](const error_code& ec, transport_stream::stage st) {
    --ops_;
    on_connect(ec, st);
  });
}

void h2_client_session::on_connect(const error_code& ec, transport_stream::stage st) {
  if (state_ != state::connecting) return maybe_reconnect();  // closed meanwhile
  if (ec) {
    failure_kind k = failure_kind::connect_failed;
    if (timed_out_connect_) k = failure_kind::connect_timeout;
    else if (st == transport_stream::stage::tls) k = failure_kind::tls;
    else if (ec == asio::error::connection_refused) k = failure_kind::connect_refused;
    return drop(k, k);
  }
  nghttp2_session_client_new(&session_, callbacks_, this);
  nghttp2_settings_entry settings[] = {{NGHTTP2_SETTINGS_ENABLE_PUSH, 0},
                                       {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, stream_window}};
  nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings, 2);
  nghttp2_session_set_local_window_size(session_, NGHTTP2_FLAG_NONE, 0, connection_window);
  state_ = state::open;
  settings_received_ = false;
  goaway_last_id_ = -1;
  submit_pending();
  flush();
  do_read();
}

void h2_client_session::submit_pending() {
  // Streams start once the server's SETTINGS arrived: its concurrency limit is known by then.
  while (state_ == state::open && settings_received_ && !pending_.empty() && active_ < capacity()) {
    slot* s = pending_.front();
    pending_.pop_front();
    if (!submit(*s)) break;
  }
}

bool h2_client_session::submit(slot& s) {
  if (!fields_.build(s.request.bytes, scheme_)) {
    s.at = slot::stage::active;  // complete() expects a started request
    complete(s, failure_kind::protocol);
    return true;
  }
  s.body = fields_.body();
  s.body_offset = 0;
  nghttp2_data_provider provider;
  provider.source.ptr = &s;
  provider.read_callback = &h2_client_session::read_body;
  std::int32_t id = nghttp2_submit_request(session_, nullptr, fields_.fields(), fields_.size(),
                                           s.body.empty() ? nullptr : &provider, &s);
  if (id < 0) {  // stream ids exhausted or the session is going away: a new connection takes it
    pending_.push_front(&s);
    state_ = state::draining;
    return false;
  }
  s.at = slot::stage::active;
  s.stream_id = id;
  s.headers.clear();
  s.response = http_response{};
  s.head_seen = false;
  s.bytes_sent = fields_.header_bytes() + s.body.size();
  s.new_connection = fresh_connection_;
  fresh_connection_ = false;
  ++active_;
  return true;
}

void h2_client_session::flush() {
  if (writing_ || !session_ || state_ == state::idle || state_ == state::connecting) return;
  // A stream can close inside mem_send (our END_STREAM after the server already answered): its
  // completion is collected and run from the io_context, never inside nghttp2 (a completion may
  // close the session, which must not be deleted under mem_send).
  const bool was_in_io = in_io_;
  in_io_ = true;
  write_buf_.clear();
  ssize_t failed = 0;
  while (write_buf_.size() < max_coalesced_write) {
    const std::uint8_t* data = nullptr;
    ssize_t n = nghttp2_session_mem_send(session_, &data);
    if (n < 0) failed = n;
    if (n <= 0) break;
    write_buf_.append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(n));
  }
  in_io_ = was_in_io;
  if (!was_in_io && !done_.empty()) asio::post(io_, [this] { run_completions(); });
  if (failed < 0) return drop(failure_kind::protocol, failure_kind::none);
  if (write_buf_.empty()) {
    // After a GOAWAY (or when nghttp2 is done with the connection): close once the streams finished.
    bool finished = !nghttp2_session_want_read(session_) && !nghttp2_session_want_write(session_);
    if (finished || (state_ == state::draining && active_ == 0)) drop(failure_kind::reset, failure_kind::none);
    return;
  }
  writing_ = true;
  ++ops_;
  stream_.async_write(asio::buffer(write_buf_), [this](const error_code& ec, std::size_t) {
    --ops_;
    writing_ = false;
    on_write(ec);
  });
}

void h2_client_session::on_write(const error_code& ec) {
  if (state_ == state::idle) return maybe_reconnect();
  if (ec) return drop(failure_kind::reset, failure_kind::none);
  flush();
}

void h2_client_session::do_read() {
  if (reading_) return;
  reading_ = true;
  ++ops_;
  stream_.async_read_some(asio::buffer(read_buf_), [this](const error_code& ec, std::size_t n) {
    --ops_;
    reading_ = false;
    on_read(ec, n);
  });
}

void h2_client_session::on_read(const error_code& ec, std::size_t n) {
  if (state_ == state::idle) return maybe_reconnect();
  if (ec) return drop(failure_kind::reset, failure_kind::none);
  in_io_ = true;
  ssize_t rv = nghttp2_session_mem_recv(session_, reinterpret_cast<const std::uint8_t*>(read_buf_.data()), n);
  in_io_ = false;
  if (rv < 0) {
    run_completions();
    return drop(failure_kind::protocol, failure_kind::none);
  }
  after_io();
}

void h2_client_session::after_io() {
  run_completions();
  if (state_ == state::idle) return maybe_reconnect();
  submit_pending();
  flush();
  if (state_ != state::idle) do_read();
}

void h2_client_session::complete(slot& s, failure_kind failure) {
  s.failure = failure;
  if (s.at == slot::stage::active && s.stream_id >= 0 && failure == failure_kind::none) {
    s.response.header_block = s.headers;
    s.response.wire_bytes = s.bytes_received;
  }
  s.at = slot::stage::done;
  done_.push_back(&s);
  if (!in_io_) run_completions();
}

void h2_client_session::run_completions() {
  if (in_io_ || completing_) return;  // the running loop picks up what is appended
  completing_ = true;
  // Completions may send (new slots, queued) or close (more completions appended): index loop.
  for (std::size_t i = 0; i < done_.size(); ++i) {
    slot& s = *done_[i];
    send_result r;
    r.failure = s.failure;
    r.response = s.failure == failure_kind::none ? &s.response : nullptr;
    r.sent_at = s.sent_at;
    r.done_at = clock::now();
    r.bytes_sent = s.bytes_sent;
    r.bytes_received = s.bytes_received;
    r.new_connection = s.new_connection;
    send_completion done = std::move(s.done);
    s.done = nullptr;
    done(r);
    s.at = slot::stage::free;
    free_.push_back(&s);
  }
  done_.clear();
  completing_ = false;
}

void h2_client_session::drop(failure_kind active_failure, failure_kind pending_failure) {
  // A connection that ends before it carried a single stream (a GOAWAY at once, or a close) refused
  // the requests waiting for it: they fail now. Kept for the next connection, they would make a
  // server that refuses every connection the target of a reconnect loop until their timeouts.
  const bool opened = state_ == state::open || state_ == state::draining;
  if (pending_failure == failure_kind::none && opened && fresh_connection_ && !pending_.empty()) {
    pending_failure = goaway_last_id_ >= 0 ? failure_kind::goaway : failure_kind::reset;
    if (pending_failure == failure_kind::goaway) stats_.goaway_failed += pending_.size();
  }
  if (session_) {
    nghttp2_session_del(session_);  // no callbacks from here on
    session_ = nullptr;
  }
  stream_.close();
  state_ = state::idle;
  active_ = 0;
  const bool was_in_io = in_io_;
  in_io_ = true;  // collect, then run once
  for (auto& s : slots_)
    if (s->at == slot::stage::active) complete(*s, active_failure);
  if (pending_failure != failure_kind::none) {
    for (slot* s : pending_) complete(*s, pending_failure);
    pending_.clear();
  }
  in_io_ = was_in_io;
  run_completions();
  maybe_reconnect();
}

void h2_client_session::close() {
  closed_by_user_ = true;
  drop(failure_kind::cancelled, failure_kind::cancelled);
  if (timer_armed_) {
    timer_armed_ = false;
    timer_.cancel();
  }
}

void h2_client_session::detach_user() {
  if (users_ > 0 && --users_ == 0) close();
}

void h2_client_session::arm_timer(clock::time_point deadline) {
  if (timer_armed_ && armed_for_ <= deadline) return;  // fires earlier and re-arms for later deadlines
  timer_armed_ = true;
  armed_for_ = deadline;
  timer_.expires_at(deadline);
  timer_.async_wait([this, deadline](const error_code& ec) {
    if (ec || armed_for_ != deadline) return;  // cancelled or superseded
    timer_armed_ = false;
    on_timer();
  });
}

void h2_client_session::on_timer() {
  const auto now = clock::now();
  clock::time_point next = clock::time_point::max();
  if (state_ == state::connecting) {
    if (now >= connect_deadline_) {
      timed_out_connect_ = true;
      stream_.cancel();
    } else {
      next = connect_deadline_;
    }
  }
  in_io_ = true;
  bool expired_any = false;
  for (auto& sp : slots_) {
    slot& s = *sp;
    if (s.at != slot::stage::active && s.at != slot::stage::pending) continue;
    if (s.deadline > now) {
      next = std::min(next, s.deadline);
      continue;
    }
    expired_any = true;
    if (s.at == slot::stage::pending) {
      pending_.erase(std::find(pending_.begin(), pending_.end(), &s));
      complete(s, failure_kind::timeout);
      continue;
    }
    // Waiting for window: body left to send and no send window on the stream or the connection.
    bool stalled = session_ && s.body_offset < s.body.size() &&
                   (nghttp2_session_get_stream_remote_window_size(session_, s.stream_id) <= 0 ||
                    nghttp2_session_get_remote_window_size(session_) <= 0);
    if (session_) {
      nghttp2_session_set_stream_user_data(session_, s.stream_id, nullptr);
      nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, s.stream_id, NGHTTP2_CANCEL);
    }
    --active_;
    complete(s, stalled ? failure_kind::flow_control : failure_kind::timeout);
  }
  in_io_ = false;
  run_completions();
  if (expired_any && state_ == state::open) {
    submit_pending();
    flush();
  }
  // Deadlines of requests sent by the completions above were armed already.
  if (next != clock::time_point::max()) arm_timer(next);
}

}  // namespace ragbench::loadgen
