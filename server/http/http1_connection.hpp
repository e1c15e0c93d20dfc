#pragma once
// One HTTP/1.1 (or 1.0) keep-alive connection: read a request, run the handler, write the
// response (plain, gzip or chunked stream), repeat. One request at a time, so pipelined
// requests are answered in order. With http2 on, a connection that opens with the HTTP/2
// client preface, or a request carrying "Upgrade: h2c", turns into an h2_connection.
#include "server/http/connection.hpp"
#include "server/http/connection_deadline.hpp"
#include "server/http/exchange_record.hpp"
#include "server/http/http1_request_parser.hpp"
#include "server/http/io_worker.hpp"
#include "server/http/message.hpp"
#include "server/http/response_head.hpp"

#include <boost/beast/core/flat_buffer.hpp>

#include <cassert>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace ragbench::server {

// Implemented in
//   http1_connection.cpp         life cycle, reading and parsing a request, deadline expiry
//   http1_connection_respond.cpp handing the request to the handler, writing a whole response
//   http1_connection_stream.cpp  writing a streamed response
//   http1_connection_reject.cpp  refusals: 4xx from the transport, 408, the linger before the close
//   http1_connection_h2.cpp      the way to HTTP/2: preface sniffing, Upgrade: h2c
// `Stream` is boost::asio::ip::tcp::socket or boost::asio::ssl::stream<tcp::socket>: a template
// rather than a virtual byte-stream interface so the plaintext path keeps Asio's direct socket
// calls (no indirection or type-erased handler per read and write); both are explicitly
// instantiated in the .cpp files.
// Lives on exactly one io_worker's thread: every member function runs there, except that the
// respond_fn handed to the handler may be called from any thread (it posts back). Owned by the
// worker's connection list while open; in-flight asynchronous operations hold it after close.
//
// States. At most one read or one write is in flight, and one deadline (connection_deadline)
// is in force; when it passes, the connection answers 408 in reading_header and reading_body
// and closes in every other state.
//
//   awaiting        no byte of the next request yet. Read; deadline header_timeout (first
//                   request) or idle_timeout after the previous response, counted from then.
//     a byte  -> sniffing on a connection's first bytes with http2 on, else reading_header
//   sniffing        every byte so far matches the HTTP/2 client preface. Read; header_timeout.
//     a byte off the preface -> reading_header;  the whole preface -> closed (h2_connection)
//   reading_header  Read; header_timeout from the request's first byte.
//     header ends, body to come -> reading_body (sends 100 Continue when asked)
//     request complete -> handling;  malformed, too large, deadline -> handling with a refusal
//   reading_body    Read; read_timeout from the header's end.
//     request complete -> handling;  malformed, too large, deadline -> handling with a refusal
//   handling        the handler has the request. No deadline (the transport does not bound it).
//     Upgrade: h2c accepted -> upgrading;  a whole response -> writing;  a stream -> streaming
//   upgrading       writing "101 Switching Protocols". write_timeout.
//     written -> closed (an h2_connection takes the socket, answering the request as stream 1)
//   writing         writing head and body in one gathered write. write_timeout.
//     written -> the exchange's after_response (below)
//   streaming       alternately waiting for the body_stream's next piece (no deadline: the
//                   producer sets the pace) and writing it (write_timeout).
//     end of stream -> ending_stream
//   ending_stream   writing the last chunk. write_timeout.
//     written -> the exchange's after_response
//   lingering       after a refusal: the answer was sent, input is read and dropped so the client
//                   reads the answer rather than a reset. linger deadline (1 s).
//     end of input or deadline -> closed
//   closed          done: the socket closed, or handed to an h2_connection.
//   after_response: next_request -> awaiting (reading_header when the next request is already
//   buffered); close -> closed; linger -> lingering.
//   Any state -> closed on a socket error, end of input, a passed deadline (except as above) or
//   close(); a graceful stop closes at once only in awaiting.
template <class Stream>
class http1_connection : public connection, public std::enable_shared_from_this<http1_connection<Stream>> {
 public:
  using clock = std::chrono::steady_clock;

  http1_connection(Stream socket, io_worker& worker);
  http1_connection(const http1_connection&) = delete;
  http1_connection& operator=(const http1_connection&) = delete;

  // Registers in the worker's list and starts reading. `self` is where the list keeps it.
  void start(connection::list::iterator self);
  // Graceful shutdown: closes now when waiting for a request; otherwise the current request
  // is finished and answered with "connection: close".
  void on_server_stop() override;
  // Closes the socket and cancels any stream. Idempotent.
  void close() override;
  clock::time_point idle_since() const override;

 private:
  enum class state {
    awaiting,
    sniffing,
    reading_header,
    reading_body,
    handling,
    upgrading,
    writing,
    streaming,
    ending_stream,
    lingering,
    closed,
  };
  // The transitions of the table above.
  static constexpr bool allowed(state from, state to) {
    if (to == state::closed) return from != state::closed;
    switch (from) {
      case state::awaiting: return to == state::sniffing || to == state::reading_header;
      case state::sniffing: return to == state::reading_header;
      case state::reading_header: return to == state::reading_body || to == state::handling;
      case state::reading_body: return to == state::handling;
      case state::handling: return to == state::upgrading || to == state::writing || to == state::streaming;
      case state::streaming: return to == state::ending_stream;
      case state::writing:
      case state::ending_stream:
        return to == state::awaiting || to == state::reading_header || to == state::lingering;
      case state::upgrading:
      case state::lingering:
      case state::closed: return false;
    }
    return false;
  }
  void enter(state next) {
    assert(allowed(state_, next));
    state_ = next;
  }

  // What happens to the connection once the current response is written.
  enum class after_response { next_request, close, linger };

  // The exchange in progress, reset for each request: its record for the observer and what its
  // response depends on.
  struct exchange {
    exchange_record record;
    bool http10 = false;   // HTTP/1.0: no chunked encoding; keep-alive only when asked for
    bool head = false;     // HEAD: the response head only
    bool gzip_ok = false;  // Accept-Encoding allows gzip
    after_response after = after_response::next_request;
  };

  // Reading a request (http1_connection.cpp).
  void begin_request(clock::time_point waiting_since, clock::duration wait_limit);
  void do_read();
  void on_read(boost::system::error_code ec, std::size_t n);
  void parse();
  void begin_body();  // the header ended and a body is to come
  void on_deadline();
  // The way to HTTP/2 (http1_connection_h2.cpp).
  bool sniff();        // true when the bytes so far are not the HTTP/2 preface: HTTP/1.x it is
  bool try_upgrade();  // Upgrade: h2c -> 101, then switch_to_h2 with the request as stream 1
  void switch_to_h2(request* upgraded, std::string_view settings_payload);
  // Refusals (http1_connection_reject.cpp).
  request_rejection rejection_for(boost::system::error_code ec) const;
  std::optional<request_rejection> oversized_chunk_element() const;
  void fail_request(request_rejection why);
  void time_out_request();  // header or body timeout: 408, then close
  void linger_close();
  // Answering (http1_connection_respond.cpp).
  void dispatch();
  void deliver(std::uint64_t seq, response r);  // any thread
  void on_response(std::uint64_t seq, response r);
  void write_head_and_body();
  void on_write(boost::system::error_code ec, std::size_t n);
  void finish_request();
  // Streamed responses (http1_connection_stream.cpp).
  void start_stream(response r, response_head_options o);
  void pull();
  void on_piece(std::uint64_t seq, std::optional<std::string> piece);
  void on_stream_write(boost::system::error_code ec, std::size_t n);

  // The connection.
  Stream socket_;
  io_worker& worker_;
  const server_context& ctx_;
  connection_deadline deadline_;
  connection::list::iterator self_;
  std::string remote_;
  state state_ = state::awaiting;
  clock::time_point waiting_since_;  // when `awaiting` began
  std::uint64_t seq_ = 0;            // exchanges begun; a respond_fn of an earlier one is dropped
  boost::beast::flat_buffer buffer_;

  // The current exchange.
  request req_;
  std::optional<http1_request_parser> parser_;
  exchange exchange_;

  // Output buffers, reused across exchanges.
  std::string head_;   // serialised status line + headers
  std::string body_;   // body being written
  std::string spare_;  // gzip output / previous body
  std::string chunk_;  // current stream piece
  std::string chunk_head_;
  std::shared_ptr<body_stream> stream_;
};

}  // namespace ragbench::server
