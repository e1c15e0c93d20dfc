// A live listener connection: bounded request reading, routed answers, event streaming.
#include "loadgen/live/live_connection.hpp"

#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace ragbench::loadgen {

namespace beast = boost::beast;
namespace http = boost::beast::http;

void live_hub::publish(std::string frame) {
  for (auto& weak : connections)
    if (auto c = weak.lock(); c && c->streaming()) c->send(frame);
  state.remember(std::move(frame));
}

live_connection::live_connection(boost::asio::ip::tcp::socket socket, live_hub& hub, route_set routes)
    : stream_(std::move(socket)),
      buffer_(hub.limits.max_header_bytes + hub.limits.max_body_bytes),
      hub_(hub),
      routes_(routes) {
  ++hub_.open;
}

live_connection::~live_connection() { --hub_.open; }

void live_connection::start() { do_read(); }

void live_connection::do_read() {
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(hub_.limits.max_header_bytes));
  parser_->body_limit(hub_.limits.max_body_bytes);
  stream_.expires_after(hub_.limits.read_timeout);
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
}

void live_connection::on_read(beast::error_code ec) {
  if (closed_) return;
  if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == boost::asio::error::operation_aborted ||
      ec == boost::asio::error::connection_reset || ec == boost::asio::error::eof)
    return close();
  if (ec == http::error::body_limit)
    return respond(error_response(413, "body_too_large", "no route here reads a request body over " +
                                                             std::to_string(hub_.limits.max_body_bytes) + " bytes"),
                   false);
  if (ec == http::error::header_limit || ec == http::error::buffer_overflow)
    return respond(error_response(431, "headers_too_large", "request line and headers over " +
                                                                std::to_string(hub_.limits.max_header_bytes) + " bytes"),
                   false);
  if (ec) return respond(error_response(400, "bad_request", "malformed HTTP/1.1 request: " + ec.message()), false);

  const auto& req = parser_->get();
  live_request r;
  r.method = std::string(req.method_string());
  r.target = std::string(req.target());
  r.host = std::string(req[http::field::host]);
  r.origin = std::string(req[http::field::origin]);
  live_response answer;
  try {
    answer = route(r, hub_.state, routes_);
  } catch (const std::exception& e) {
    answer = error_response(500, "internal", e.what());
  }
  if (answer.event_stream) return start_stream();
  ++served_;
  respond(std::move(answer), req.keep_alive() && served_ < hub_.limits.max_requests && !hub_.closing);
}

void live_connection::respond(live_response r, bool keep_alive) {
  response_ = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(r.status), 11);
  auto& res = *response_;
  res.set(http::field::content_type, r.content_type);
  res.set("X-Content-Type-Options", "nosniff");
  for (const auto& [name, value] : r.headers) res.set(name, value);
  res.body() = std::move(r.body);
  res.keep_alive(keep_alive);
  res.prepare_payload();
  stream_.expires_after(hub_.limits.write_timeout);
  http::async_write(stream_, res, [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
    self->response_.reset();
    if (ec) return self->close();
    if (!keep_alive || self->hub_.closing) return self->linger();
    self->do_read();
  });
}

void live_connection::linger() {
  // Closing with unread request bytes (an oversized header) would reset the connection and could
  // destroy the answer before the client read it: end our side, read what is left for a while, close.
  if (!lingering_) {  // once: the whole drain is bounded by one deadline
    lingering_ = true;
    beast::error_code ignored;
    stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::chrono::milliseconds(500));
  }
  stream_.async_read_some(boost::asio::buffer(discard_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
    if (ec || self->closed_) return self->close();
    self->linger();
  });
}

void live_connection::start_stream() {
  streaming_ = true;
  std::string head =
      "HTTP/1.1 200 OK\r\n"
      "Content-Type: text/event-stream\r\n"
      "Cache-Control: no-store\r\n"
      "X-Content-Type-Options: nosniff\r\n"
      "Connection: close\r\n"
      "\r\n"
      "retry: 3000\n\n";
  frames_.push_back(std::move(head));
  for (const auto& f : hub_.state.history) frames_.push_back(f);
  // Open after the final event too (a closed stream would make the page's EventSource reconnect);
  // it ends when loadgen exits.
  if (hub_.closing) closing_ = true;
  do_write_frames();
  watch_peer();
}

void live_connection::watch_peer() {
  // An event stream between two events has no write pending: this read keeps the connection alive
  // (it owns a reference) and notices at once when the client goes away.
  stream_.socket().async_read_some(boost::asio::buffer(discard_),
                                   [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                     if (ec || self->closed_) return self->close();
                                     self->watch_peer();  // a client has nothing to say here: ignored
                                   });
}

void live_connection::send(const std::string& frame) {
  if (closed_ || closing_) return;
  if (frames_.size() >= hub_.limits.max_queued_frames) return close();  // the client does not keep up
  frames_.push_back(frame);
  if (!writing_) do_write_frames();
}

void live_connection::do_write_frames() {
  if (closed_) return;
  if (frames_.empty()) {
    stream_.expires_never();
    if (closing_) close();
    return;
  }
  writing_ = true;
  stream_.expires_after(hub_.limits.write_timeout);
  boost::asio::async_write(stream_, boost::asio::buffer(frames_.front()),
                           [self = shared_from_this()](beast::error_code ec, std::size_t) {
                             self->writing_ = false;
                             if (ec) return self->close();
                             self->frames_.pop_front();
                             self->do_write_frames();
                           });
}

void live_connection::close_when_flushed() {
  if (!streaming_) return close();
  closing_ = true;
  if (!writing_) do_write_frames();
}

void live_connection::close() {
  if (closed_) return;
  closed_ = true;
  beast::error_code ignored;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  stream_.socket().close(ignored);
}

}  // namespace ragbench::loadgen
