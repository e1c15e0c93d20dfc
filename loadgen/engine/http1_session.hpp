#pragma once
// HTTP/1.1 keep-alive client session over plain TCP or TLS (Boost.Asio): one request in flight, reconnects
// transparently when the server closed the connection, classifies every failure.
// Cost per request: one write, one or more reads into a reused buffer, no heap allocation in steady
// state. Body bytes go to the request's body_sink as they arrive and their buffer space is reused,
// so memory stays at about the head plus one read whatever the body's length; the request timeout
// runs from the send to the last byte of the response. Timeouts use one lazily re-armed timer per session (re-armed at most once per timeout
// period, not per request), so the hot path does not touch the timer queue.
// Bytes after a response's end: with it in one read, that response fails as protocol (its framing is
// wrong); arriving later, they are found where the next answer should start, and as they cannot be
// its answer (not "HTTP/1."), that request is sent again once on a fresh connection instead of being
// blamed (a request, then, may reach the server twice). Both close the connection; http1_stats counts them.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <vector>

#include "loadgen/engine/client_session.hpp"
#include "loadgen/engine/response_parser.hpp"
#include "loadgen/engine/transport_stream.hpp"

namespace ragbench::loadgen {

// Counters of one worker's HTTP/1.1 sessions (summed by the engine for its warnings).
struct http1_stats {
  std::uint64_t overruns = 0;      // responses followed in the same read by bytes not theirs (failed as protocol)
  std::uint64_t stray_resent = 0;  // requests whose answer began with non-HTTP bytes on a reused connection,
                                   // taken as an earlier response's overrun and sent again on a fresh one
  void merge(const http1_stats& o);
};

class http1_session final : public client_session {
 public:
  // `tls` null: plain TCP; otherwise TLS with that context (must outlive the session). `stats`
  // (optional, may be shared by a worker's sessions) must outlive the session too.
  http1_session(boost::asio::io_context& io, boost::asio::ip::tcp::endpoint target, session_options options,
                tls_client_context* tls = nullptr, http1_stats* stats = nullptr);

  void async_send(const request_bytes& request, send_completion done) override;
  std::size_t capacity() const override { return 1; }
  std::size_t in_flight() const override { return busy_ ? 1 : 0; }
  void close() override;
  std::size_t connects() const override { return connects_; }

 private:
  using clock = std::chrono::steady_clock;
  void do_connect();
  void on_connect(const boost::system::error_code& ec, transport_stream::stage stage);
  void do_write();
  void on_write(const boost::system::error_code& ec, std::size_t n);
  void do_read();
  void on_read(const boost::system::error_code& ec, std::size_t n);
  void arm_timer();
  void on_timer(const boost::system::error_code& ec);
  void fail_io(const boost::system::error_code& ec);
  void finish(failure_kind failure);
  void drop_connection();
  std::chrono::nanoseconds request_timeout() const;

  boost::asio::io_context& io_;
  transport_stream stream_;
  boost::asio::steady_timer timer_;
  boost::asio::ip::tcp::endpoint target_;
  session_options options_;
  http1_stats* stats_;

  request_bytes request_;
  send_completion done_;
  response_parser parser_;
  std::vector<char> buffer_;
  std::size_t filled_ = 0;
  send_result result_;

  clock::time_point deadline_{};
  clock::time_point armed_for_{};
  std::uint64_t timer_generation_ = 0;
  bool busy_ = false;
  bool connected_ = false;
  bool connecting_ = false;
  bool reused_ = false;      // this request went out on an already open connection
  bool retried_ = false;     // the keep-alive race retry was used for this request
  bool timer_armed_ = false;
  bool timed_out_ = false;
  bool cancelled_ = false;   // close() while busy: the request completes as failure_kind::cancelled
  std::size_t connects_ = 0;
};

}  // namespace ragbench::loadgen
