// ragserver's HTTP/2 input: bytes from a client into the nghttp2 server session
// (server/http/h2_server_session) after the client connection preface, in reads of a size the
// first input byte picks, with everything the session wants to send pulled out after each read
// as h2_connection does (the peer is taken to read at once). The handler answers by path:
// /later/* from a posted job (an asynchronous response), /stream/* a three-piece streamed body,
// anything else at once with the request body echoed, so DATA flow control and stream resets
// meet responses in every state. With bit 7 of the first byte set, the input is also decoded as
// an HTTP2-Settings value (decode_base64url) up to its first newline and used to start the session
// as an h2c upgrade (GET /upgraded as stream 1); the frames follow the newline.
#include "server/http/h2_server_session.hpp"
#include "server/http/io_worker.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>  // server_context owns one; its destructor needs the type

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace {

namespace asio = boost::asio;
using namespace ragbench::server;

constexpr std::string_view client_preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

// Three pieces, each delivered from a posted job.
class three_pieces final : public body_stream {
 public:
  void next(asio::any_io_executor executor, std::function<void(std::optional<std::string>)> deliver) override {
    std::optional<std::string> piece;
    if (sent_ < 3) piece = "data: piece " + std::to_string(sent_++) + "\n\n";
    asio::post(executor, [deliver = std::move(deliver), piece = std::move(piece)] { deliver(piece); });
  }

 private:
  int sent_ = 0;
};

void answer(request req, handler_context ctx, respond_fn respond) {
  response r;
  r.set_header("content-type", "text/plain");
  if (req.path.rfind("/stream/", 0) == 0) {
    r.stream = std::make_shared<three_pieces>();
    respond(std::move(r));
  } else if (req.path.rfind("/later/", 0) == 0) {
    r.body = req.method + " " + req.path;
    asio::post(ctx.io, [respond = std::move(respond), r = std::move(r)]() mutable { respond(std::move(r)); });
  } else {
    r.body = std::move(req.body);
    respond(std::move(r));
  }
}

void configure(server_context& ctx) {
  ctx.options.body_limit_bytes = 64 * 1024;
  ctx.options.header_limit_bytes = 4 * 1024;
  ctx.options.h2_max_concurrent_streams = 16;
  ctx.options.h2_max_buffered_bytes = 256 * 1024;
  ctx.handler = answer;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static server_context ctx;
  static const bool configured = (configure(ctx), true);
  (void)configured;
  const std::size_t read_bytes = 1 + (data[0] & 0x7f) * 8;  // 1..1017 bytes per read
  const bool upgrade = (data[0] & 0x80) != 0;
  std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);

  io_worker worker(ctx);
  auto session = std::make_shared<h2_server_session>(worker, "127.0.0.1:1", [] {});
  bool started = false;
  if (upgrade) {
    std::size_t eol = std::min(input.find('\n'), input.size());
    auto settings = decode_base64url(input.substr(0, eol));
    input.remove_prefix(std::min(eol + 1, input.size()));
    if (!settings) return 0;
    request first;
    first.method = "GET";
    first.target = first.path = "/upgraded";
    started = session->start(&first, *settings);
  } else {
    started = session->start();
  }
  if (!started) return 0;

  std::string out;
  bool alive = session->receive(reinterpret_cast<const std::uint8_t*>(client_preface.data()),
                                           client_preface.size());
  for (std::size_t at = 0; alive && at < input.size(); at += read_bytes) {
    auto piece = input.substr(at, read_bytes);
    alive = session->receive(reinterpret_cast<const std::uint8_t*>(piece.data()), piece.size());
    worker.io.poll();
    worker.io.restart();
    out.clear();
    alive = session->produce(out, 1 << 20) && alive;
    if (!session->want_read() && !session->want_write()) break;
  }
  // The client stopped sending: let posted responses and stream pieces run out.
  for (int round = 0; round < 16; ++round) {
    std::size_t ran = worker.io.poll();
    worker.io.restart();
    out.clear();
    if (!session->produce(out, 1 << 20) || (ran == 0 && out.empty())) break;
  }
  session->close();
  return 0;
}
