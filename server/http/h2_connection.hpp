#pragma once
// One HTTP/2 connection: drives an h2_server_session over a byte stream (plain TCP or TLS) with one
// read and at most one write in flight; the write coalesces every pending frame.
#include "server/http/connection.hpp"
#include "server/http/connection_deadline.hpp"
#include "server/http/h2_server_session.hpp"
#include "server/http/io_worker.hpp"

#include <array>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace ragbench::server {

// `Stream` is boost::asio::ip::tcp::socket or boost::asio::ssl::stream<tcp::socket> (explicitly
// instantiated for both in h2_connection.cpp). Lives on one io_worker's thread; all members run
// there. Timeouts: idle_timeout while no stream is open (then GOAWAY NO_ERROR and close),
// write_timeout for each socket write, and write_timeout while response bytes are held that the
// peer's flow-control window lets none of out (a client that never sends WINDOW_UPDATE: GOAWAY
// ENHANCE_YOUR_CALM and close); a handler's time is not bounded by the transport.
template <class Stream>
class h2_connection : public connection, public std::enable_shared_from_this<h2_connection<Stream>> {
 public:
  using clock = std::chrono::steady_clock;

  h2_connection(Stream stream, io_worker& worker, std::string remote);

  // Takes over the list slot `self` (already pointing at this connection) and starts.
  // `initial`: bytes already read from the socket (the client preface, or whatever followed an
  // upgraded request). `upgraded`: an HTTP/1.1 request answered "101 Switching Protocols",
  // served as stream 1, with its decoded HTTP2-Settings payload.
  void start(connection::list::iterator self, std::string_view initial, request* upgraded = nullptr,
             std::string_view settings_payload = {});

  void on_server_stop() override;
  void close() override;
  clock::time_point idle_since() const override;

 private:
  void do_read();
  void on_read(boost::system::error_code ec, std::size_t n);
  void pump();  // writes pending output, or closes when the session is finished
  void on_write(boost::system::error_code ec);
  void note_progress();
  void refresh_deadline();
  void on_deadline();

  Stream stream_;
  io_worker& worker_;
  const server_context& ctx_;
  std::string remote_;
  std::shared_ptr<h2_server_session> session_;
  connection_deadline deadline_;
  connection::list::iterator self_;
  std::array<std::uint8_t, 16384> in_;
  std::string out_;
  bool reading_ = false;
  bool writing_ = false;
  bool failed_ = false;  // fatal session error: flush, then close
  bool closed_ = false;
  bool goaway_sent_ = false;  // by a timeout: the next timeout closes
  // Since when response bytes are held but no DATA went out (max: not stalled), and the
  // session's DATA counter when last looked at.
  clock::time_point stalled_since_ = clock::time_point::max();
  clock::time_point idle_since_ = clock::now();  // last activity seen with no stream open
  std::uint64_t sent_mark_ = 0;
};

}  // namespace ragbench::server
