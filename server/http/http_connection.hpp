#pragma once
// One HTTP/1.1 (or 1.0) keep-alive connection: read a request, run the handler, write the
// response (plain, gzip or chunked stream), repeat. One request at a time, so pipelined
// requests are answered in order.
#include "server/http/io_worker.hpp"
#include "server/http/message.hpp"
#include "server/http/request_parser.hpp"
#include "server/http/response_head.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>

namespace ragbench::server {

// Implemented in http_connection.cpp (request loop, plain responses, timeouts) and
// http_connection_stream.cpp (streamed responses).
// Lives on exactly one io_worker's thread: every member function runs there, except that the
// respond_fn handed to the handler may be called from any thread (it posts back). Owned by the
// worker's connection list while open; in-flight asynchronous operations hold it after close.
class http_connection : public std::enable_shared_from_this<http_connection> {
 public:
  using clock = std::chrono::steady_clock;

  http_connection(boost::asio::ip::tcp::socket socket, io_worker& worker);
  http_connection(const http_connection&) = delete;
  http_connection& operator=(const http_connection&) = delete;

  // Registers in the worker's list and starts reading. `self` is where the list keeps it.
  void start(std::list<std::shared_ptr<http_connection>>::iterator self);
  // Graceful shutdown: closes now when idle between requests; otherwise the current request
  // is finished and answered with "connection: close".
  void on_server_stop();
  // Closes the socket and cancels any stream. Idempotent.
  void close();

 private:
  enum class state { reading, handling, writing, streaming, lingering, closed };

  void begin_request();
  void do_read();
  void on_read(boost::system::error_code ec, std::size_t n);
  void parse();
  void fail_request(boost::system::error_code ec);
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

  boost::asio::ip::tcp::socket socket_;
  io_worker& worker_;
  const server_context& ctx_;
  boost::asio::steady_timer timer_;
  clock::time_point deadline_ = clock::time_point::max();
  clock::time_point timer_expiry_ = clock::time_point::max();
  std::list<std::shared_ptr<http_connection>>::iterator self_;
  std::string remote_;

  boost::beast::flat_buffer buffer_;
  request req_;
  std::optional<request_parser> parser_;
  state state_ = state::reading;
  std::uint64_t seq_ = 0;  // current request number; stale respond calls are dropped
  bool first_request_ = true;
  bool request_started_ = false;
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
