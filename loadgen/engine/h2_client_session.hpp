#pragma once
// HTTP/2 client connection (libnghttp2's C API over an Asio TCP socket or TLS stream) carrying many
// requests at once as streams. h2c is prior-knowledge cleartext HTTP/2; over TLS the stream's
// context has already required ALPN h2.
//
// capacity() = min(configured max streams, the server's SETTINGS_MAX_CONCURRENT_STREAMS). Requests
// beyond it (or sent while connecting) wait in a queue and go out as streams finish, so callers may
// share one session freely (see h2_user_handle). Response heads are assembled into the same
// http_response the HTTP/1.1 path produces (header_block "name: value\r\n" lines); DATA goes to the
// request's body_sink as it arrives (nothing is kept without one). A sink's refusal resets the
// stream (CANCEL) and fails the request with the sink's failure_kind (body_too_large).
//
// I/O: one coalesced write in flight (everything nghttp2 has to send, gathered into one buffer),
// reads of up to 64 KiB fed to nghttp2_session_mem_recv. Completions run after mem_recv returns,
// never inside nghttp2 callbacks, and requests they send are submitted in one batch afterwards.
// Per request: one nghttp2 stream, header name/value pairs split from the serialized HTTP/1.1
// request in place (names lower-cased into a reused buffer), no heap allocation once the slot's
// buffers have grown.
//
// Failures: RST_STREAM -> stream_reset (its error code name counted in h2_stats), streams above
// a GOAWAY's last-stream-id -> goaway (the session reconnects for later requests), requests still
// queued when a connection ends before carrying any stream -> goaway after a GOAWAY, else reset
// (not kept for another connection: no reconnect loop against a server that refuses them), a timeout while
// the request body waits for flow-control window -> flow_control, other timeouts -> timeout, TLS
// handshake/ALPN -> tls, connection loss -> reset, invalid frames -> protocol, close() -> cancelled.
// The request timeout (from async_send) covers the whole response, however long its body streams.
// Not thread-safe: one io_context thread. Destroy only after close() and once the io_context stopped.
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nghttp2/nghttp2.h>

#include "loadgen/engine/client_session.hpp"
#include "loadgen/engine/h2_request_headers.hpp"
#include "loadgen/engine/transport_stream.hpp"

namespace ragbench::loadgen {

// Stream-level counters of one worker's HTTP/2 sessions (summed by the engine for its warnings).
struct h2_stats {
  std::uint64_t goaways = 0;                      // GOAWAY frames received
  std::uint64_t goaway_failed = 0;                // requests failed as goaway
  std::map<std::string, std::uint64_t> resets;    // RST_STREAM by error code name ("REFUSED_STREAM": 3)
  void merge(const h2_stats& o);
};

class h2_client_session final : public client_session {
 public:
  // `tls` null = h2c (scheme http), else TLS (scheme https; the context must require ALPN h2).
  // :authority comes from each request's Host header. `stats` must outlive the session (shared by
  // a worker's sessions), as must `tls`.
  h2_client_session(boost::asio::io_context& io, boost::asio::ip::tcp::endpoint target, session_options options,
             std::size_t max_streams, tls_client_context* tls, h2_stats& stats);
  ~h2_client_session() override;
  h2_client_session(const h2_client_session&) = delete;
  h2_client_session& operator=(const h2_client_session&) = delete;

  // Queues the request; it becomes a stream as soon as the connection is up and a stream is free.
  void async_send(const request_bytes& request, send_completion done) override;
  std::size_t capacity() const override;
  std::size_t in_flight() const override { return active_ + pending_.size(); }
  // Closes the connection; active and queued requests complete with failure_kind::cancelled.
  void close() override;
  std::size_t connects() const override { return connects_; }

  // Sharing by virtual users (h2_user_handle): the last detach closes the session.
  void attach_user() { ++users_; }
  void detach_user();

 private:
  using clock = std::chrono::steady_clock;
  struct slot;
  enum class state { idle, connecting, open, draining };

  void connect();
  void on_connect(const boost::system::error_code& ec, transport_stream::stage st);
  void submit_pending();
  bool submit(slot& s);
  void flush();
  void on_write(const boost::system::error_code& ec);
  void do_read();
  void on_read(const boost::system::error_code& ec, std::size_t n);
  void after_io();
  void complete(slot& s, failure_kind failure);
  void run_completions();
  void drop(failure_kind active_failure, failure_kind pending_failure);
  void maybe_reconnect();
  void arm_timer(clock::time_point deadline);
  void on_timer();
  slot& take_slot();
  static void emit_head(slot& s);  // the response head to the request's sink (which must be set)

  // nghttp2 callbacks (user_data = this)
  static int on_header(nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name, std::size_t namelen,
                       const std::uint8_t* value, std::size_t valuelen, std::uint8_t flags, void* user);
  static int on_data_chunk(nghttp2_session*, std::uint8_t flags, std::int32_t stream_id, const std::uint8_t* data,
                           std::size_t len, void* user);
  static int on_stream_close(nghttp2_session*, std::int32_t stream_id, std::uint32_t error_code, void* user);
  static int on_frame_recv(nghttp2_session*, const nghttp2_frame* frame, void* user);
  static ssize_t read_body(nghttp2_session*, std::int32_t stream_id, std::uint8_t* buf, std::size_t length,
                           std::uint32_t* data_flags, nghttp2_data_source* source, void* user);

  boost::asio::io_context& io_;
  transport_stream stream_;
  boost::asio::steady_timer timer_;
  boost::asio::ip::tcp::endpoint target_;
  session_options options_;
  std::size_t max_streams_;
  const char* scheme_;
  h2_stats& stats_;

  nghttp2_session_callbacks* callbacks_ = nullptr;
  nghttp2_session* session_ = nullptr;
  state state_ = state::idle;
  bool reading_ = false, writing_ = false, in_io_ = false, closed_by_user_ = false, timed_out_connect_ = false;
  bool completing_ = false;          // run_completions is running
  bool settings_received_ = false;  // the server's first SETTINGS frame (its stream limit) arrived
  int ops_ = 0;                     // connect/read/write operations in flight on stream_
  std::size_t users_ = 0;           // attached h2_user_handles
  bool fresh_connection_ = false;  // the next stream is the first on a new connection
  std::size_t connects_ = 0;
  std::size_t active_ = 0;          // submitted streams not yet completed
  std::int32_t goaway_last_id_ = -1;

  std::vector<std::unique_ptr<slot>> slots_;
  std::vector<slot*> free_;
  std::deque<slot*> pending_;       // waiting for the connection or a free stream
  std::vector<slot*> done_;         // completed inside nghttp2 callbacks, run afterwards
  std::vector<char> read_buf_;
  std::string write_buf_;
  h2_request_headers fields_;       // header fields of the request being submitted
  clock::time_point connect_deadline_{};

  bool timer_armed_ = false;
  clock::time_point armed_for_{};
};

}  // namespace ragbench::loadgen
