#pragma once
// The HTTP/2 protocol state of one connection (libnghttp2 server session), independent of the
// socket: bytes in, bytes out. Each stream becomes a protocol-independent `request` handed to
// the same handler_fn as HTTP/1.1; responses go out as HEADERS + DATA fed by a data provider.
#include "server/http/exchange_record.hpp"
#include "server/http/io_worker.hpp"
#include "server/http/message.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

struct nghttp2_session;

namespace ragbench::server {

// Decodes base64url (RFC 4648 §5, padding optional), as used by the HTTP2-Settings header.
// nullopt on a character outside the alphabet or an impossible length.
std::optional<std::string> decode_base64url(std::string_view text);

// Implemented in h2_server_session.cpp (life cycle, receiving, nghttp2 callbacks) and
// h2_server_session_response.cpp (responses, data providers, streamed bodies).
//
// Lives on one io_worker's thread; every member runs there, except that the respond_fn given to
// handlers may be called from any thread (it posts back). Owned (shared) by its h2_connection;
// respond_fns hold it weakly, so a response for a closed stream or connection is dropped.
// Output is pulled by the connection with produce(); `on_output` tells it that output became
// pending outside a receive()/produce() call (an asynchronous response or stream piece).
class h2_server_session : public std::enable_shared_from_this<h2_server_session> {
 public:
  using clock = std::chrono::steady_clock;

  h2_server_session(io_worker& worker, std::string remote, std::function<void()> on_output);
  ~h2_server_session();
  h2_server_session(const h2_server_session&) = delete;
  h2_server_session& operator=(const h2_server_session&) = delete;

  // Queues our SETTINGS (max concurrent streams from the options). With `upgraded` (an HTTP/1.1
  // request that carried Upgrade: h2c and was answered 101), applies the decoded HTTP2-Settings
  // payload and answers that request as stream 1. False when nghttp2 refuses (out of memory, bad
  // settings payload): the caller closes.
  bool start(request* upgraded = nullptr, std::string_view settings_payload = {});

  // Feeds received bytes. False on a fatal error (bad client preface, flooding): flush what
  // produce() still gives, then close. Protocol errors found by nghttp2 queue a GOAWAY with
  // the right error code and make want_read() false instead.
  bool receive(const std::uint8_t* data, std::size_t size);

  // Appends pending frames to `out` until about `max_bytes` were added or nothing is pending.
  // False on a fatal error.
  bool produce(std::string& out, std::size_t max_bytes);

  bool want_read() const;
  bool want_write() const;
  // No open streams.
  bool idle() const { return streams_.empty(); }
  // Response body bytes held and not yet handed to nghttp2 as DATA (waiting for the peer's
  // flow-control window or the next produce()). Past options.h2_max_buffered_bytes new streams
  // are refused with RST_STREAM(REFUSED_STREAM) until it drains.
  std::size_t unsent_body_bytes() const { return unsent_body_bytes_; }
  // Response body bytes handed to nghttp2 as DATA since start: the connection's measure of
  // send progress.
  std::uint64_t body_bytes_sent() const { return body_bytes_sent_; }

  // Graceful stop: GOAWAY shutdown notice now, final GOAWAY (NO_ERROR) once open streams end.
  void shutdown();
  // Final GOAWAY with `error_code` now (idle timeout: NO_ERROR).
  void terminate(std::uint32_t error_code);
  // The connection is gone: cancel streamed bodies; later responses are dropped. Idempotent.
  void close();

  // One HTTP/2 stream (request + response). Public for the nghttp2 callbacks' sake only.
  struct stream_state;

 private:
  friend struct h2_callbacks;    // nghttp2 session callbacks (h2_server_session.cpp)
  friend struct h2_data_reader;  // nghttp2 data provider (h2_server_session_response.cpp)

  stream_state* find(std::int32_t id);
  stream_state* open_stream(std::int32_t id);
  void on_request_headers_done(stream_state& s);
  void dispatch(stream_state& s);
  void deliver(std::int32_t id, response r);  // any thread
  void on_response(std::int32_t id, response r);
  void submit(stream_state& s, response& r);
  void reject(stream_state& s, unsigned status, std::string_view code, std::string message);
  // Fills `buf` from the response body; an nghttp2 data source read result.
  long read_body(stream_state& s, std::uint8_t* buf, std::size_t size, std::uint32_t* flags);
  void on_piece(std::int32_t id, std::optional<std::string> piece);
  void resume(std::int32_t id);
  void on_stream_closed(std::int32_t id);
  void kick();  // asks the connection to produce() unless we are inside nghttp2 already

  io_worker& worker_;
  const server_context& ctx_;
  std::string remote_;
  std::function<void()> on_output_;
  nghttp2_session* session_ = nullptr;
  std::unordered_map<std::int32_t, std::unique_ptr<stream_state>> streams_;
  std::size_t unsent_body_bytes_ = 0;
  std::uint64_t body_bytes_sent_ = 0;
  int busy_ = 0;  // > 0 while inside nghttp2_session_mem_recv / mem_send
  bool stopping_ = false;
  bool closed_ = false;
};

// A stream's request being read, then its response being sent.
struct h2_server_session::stream_state {
  std::int32_t id = 0;
  request req;
  exchange_record record;  // for the observer, once the stream closes
  std::size_t header_bytes = 0;
  bool target_too_long = false;  // :path itself took the header block past header_limit_bytes
  bool head = false;        // HEAD: headers only
  bool gzip_ok = false;     // Accept-Encoding allows gzip
  bool dispatched = false;  // handed to the handler (or answered by the transport)
  bool responded = false;   // HEADERS submitted
  // Response body: a whole body sent from `body` at `offset`, or pieces of `stream`.
  std::string body;
  std::size_t offset = 0;
  std::shared_ptr<body_stream> stream;
  bool pulling = false;      // a next() call is outstanding
  bool stream_done = false;  // the stream delivered its end
  bool in_read = false;      // inside the data provider (a synchronous piece must not resume)
};

}  // namespace ragbench::server
