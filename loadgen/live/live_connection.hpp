#pragma once
// One HTTP/1.1 connection of the live listener (Boost.Beast), on the listener's thread only: reads a
// request within the limits, answers it by route(), keeps the connection alive for the next one; a
// GET /events turns it into an event stream (the history, then every published frame) until the
// listener closes. Internal to loadgen/live (live_listener owns the hub and accepts).
#include <array>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "loadgen/live/live_routes.hpp"

namespace ragbench::loadgen {

// The listener's bounds: few connections, small requests, and no client can hold a connection idle.
struct live_limits {
  std::size_t max_connections = 16;       // beyond: an accepted connection is closed at once
  std::size_t max_header_bytes = 8192;    // request line + headers; beyond: 431
  std::size_t max_body_bytes = 4096;      // beyond: 413 (no route reads a body)
  std::size_t max_requests = 100;         // per keep-alive connection; then Connection: close
  std::chrono::milliseconds read_timeout{10000};   // a request must arrive whole within this
  std::chrono::milliseconds write_timeout{10000};  // a response or event must be taken within this
  std::size_t max_queued_frames = 256;    // an event stream this far behind is closed
};

class live_connection;

// The state shared by a listener's connections (listener thread only, but `open`, read at shutdown).
struct live_hub {
  live_state state;
  live_limits limits;
  std::vector<std::weak_ptr<live_connection>> connections;
  std::atomic<std::size_t> open{0};
  bool closing = false;

  // Remembers `frame` and sends it to every event stream.
  void publish(std::string frame);
};

class live_connection : public std::enable_shared_from_this<live_connection> {
 public:
  live_connection(boost::asio::ip::tcp::socket socket, live_hub& hub, route_set routes);
  ~live_connection();
  void start();
  // Event streams: queue one frame (closes the stream when it is too far behind).
  void send(const std::string& frame);
  // Shutdown: an event stream closes once its queue is written; any other connection now.
  void close_when_flushed();
  bool streaming() const { return streaming_; }

 private:
  void do_read();
  void on_read(boost::beast::error_code ec);
  void respond(live_response r, bool keep_alive);
  void start_stream();
  void watch_peer();  // event streams: a read pending while the stream is open
  void do_write_frames();
  void linger();  // after the last response: stop sending, drain the rest briefly, close
  void close();

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::shared_ptr<boost::beast::http::response<boost::beast::http::string_body>> response_;
  live_hub& hub_;
  route_set routes_;
  std::size_t served_ = 0;
  std::deque<std::string> frames_;
  std::array<char, 4096> discard_;
  bool streaming_ = false, writing_ = false, closing_ = false, closed_ = false, lingering_ = false;
};

}  // namespace ragbench::loadgen
