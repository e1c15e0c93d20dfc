#pragma once
// One HTTP/1.1 (or 1.0) keep-alive connection: read a request, run the handler, write the
// response (plain, gzip or chunked stream), repeat. One request at a time, so pipelined
// requests are answered in order. With http2 on, a connection that opens with the HTTP/2
// client preface, or a request carrying "Upgrade: h2c", turns into an h2_connection.
#include "server/http/connection.hpp"
#include "server/http/io_worker.hpp"
#include "server/http/message.hpp"
#include "server/http/request_parser.hpp"
#include "server/http/response_head.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace ragbench::server {

// Implemented in http_connection.cpp (request loop, plain responses, timeouts),
// http_connection_reject.cpp (refused requests: 4xx from the transport, 408, linger),
// http_connection_stream.cpp (streamed responses) and http_connection_h2.cpp (the switch to HTTP/2).
// `Stream` is boost::asio::ip::tcp::socket or boost::asio::ssl::stream<tcp::socket>: a template
// rather than a virtual byte-stream interface so the plaintext path keeps Asio's direct socket
// calls (no indirection or type-erased handler per read and write); both are explicitly
// instantiated in the .cpp files.
// Lives on exactly one io_worker's thread: every member function runs there, except that the
// respond_fn handed to the handler may be called from any thread (it posts back). Owned by the
// worker's connection list while open; in-flight asynchronous operations hold it after close.
template <class Stream>
class http_connection : public connection, public std::enable_shared_from_this<http_connection<Stream>> {
 public:
  using clock = std::chrono::steady_clock;

  http_connection(Stream socket, io_worker& worker);
  http_connection(const http_connection&) = delete;
  http_connection& operator=(const http_connection&) = delete;

  // Registers in the worker's list and starts reading. `self` is where the list keeps it.
  void start(connection::list::iterator self);
  // Graceful shutdown: closes now when idle between requests; otherwise the current request
  // is finished and answered with "connection: close".
  void on_server_stop() override;
  // Closes the socket and cancels any stream. Idempotent.
  void close() override;
  clock::time_point idle_since() const override;

 private:
  enum class state { reading, handling, writing, streaming, lingering, closed };

  void begin_request();
  void do_read();
  void on_read(boost::system::error_code ec, std::size_t n);
  bool sniff();  // false when the bytes so far are (a prefix of) the HTTP/2 preface
  bool try_upgrade();  // Upgrade: h2c -> 101, then switch_to_h2 with the request as stream 1
  void switch_to_h2(request* upgraded);
  void parse();
  // Refusals (http_connection_reject.cpp).
  request_rejection rejection_for(boost::system::error_code ec) const;
  std::optional<request_rejection> oversized_chunk_element() const;
  void fail_request(request_rejection why);
  void time_out_request();  // header or body timeout: 408, then close
  void dispatch();
  void deliver(std::uint64_t seq, response r);  // any thread
  void on_response(std::uint64_t seq, response r);
  void write_head_and_body();
  void on_write(boost::system::error_code ec, std::size_t n);
  void finish_request();
  // Streamed responses (http_connection_stream.cpp).
  void start_stream(response r, response_head_options o);
  void pull();
  void on_piece(std::uint64_t seq, std::optional<std::string> piece);
  void linger_close();
  void set_deadline(clock::time_point t);
  void on_timer(boost::system::error_code ec);

  Stream socket_;
  io_worker& worker_;
  const server_context& ctx_;
  boost::asio::steady_timer timer_;
  clock::time_point deadline_ = clock::time_point::max();
  clock::time_point timer_expiry_ = clock::time_point::max();
  connection::list::iterator self_;
  std::string remote_;

  boost::beast::flat_buffer buffer_;
  request req_;
  std::optional<request_parser> parser_;
  state state_ = state::reading;
  std::uint64_t seq_ = 0;  // current request number; stale respond calls are dropped
  bool first_request_ = true;
  bool sniffing_ = false;        // http2 on and the first bytes may still be the h2 preface
  std::string h2_settings_;      // decoded HTTP2-Settings of an upgrade request
  bool request_started_ = false;
  clock::time_point waiting_since_;  // when begin_request started waiting for the next request
  bool body_deadline_set_ = false;
  bool continue_sent_ = false;

  // The current exchange, kept for the response and the observer record.
  clock::time_point started_;
  std::string method_;
  std::string_view route_ = "unmatched";
  unsigned status_ = 0;
  std::size_t bytes_in_ = 0;
  std::size_t bytes_out_ = 0;
  bool keep_alive_ = true;
  bool http10_ = false;
  bool head_request_ = false;
  bool gzip_ok_ = false;
  bool linger_after_ = false;

  std::string head_;      // serialised status line + headers, reused
  std::string body_;      // body being written
  std::string spare_;     // gzip output / previous body, reused
  std::string chunk_;     // current stream piece
  std::string chunk_head_;
  std::shared_ptr<body_stream> stream_;
  bool stream_ending_ = false;
};

}  // namespace ragbench::server
