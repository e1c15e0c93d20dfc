// misbehaving_h2_server: the connection preface, then frames read one by one (9-byte header + payload).
#include "support/misbehaving_h2_server.hpp"

#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <cstdint>
#include <vector>

namespace ragbench::testing {
namespace {

namespace asio = boost::asio;

enum : std::uint8_t { data_frame = 0, headers_frame = 1, settings_frame = 4, ping_frame = 6, goaway_frame = 7 };
enum : std::uint8_t { end_stream = 0x1, ack = 0x1, end_headers = 0x4 };

std::string frame(std::uint8_t type, std::uint8_t flags, std::uint32_t stream, const std::string& payload) {
  std::string f;
  const auto n = static_cast<std::uint32_t>(payload.size());
  f += static_cast<char>(n >> 16);
  f += static_cast<char>(n >> 8);
  f += static_cast<char>(n);
  f += static_cast<char>(type);
  f += static_cast<char>(flags);
  for (int shift = 24; shift >= 0; shift -= 8) f += static_cast<char>((stream >> shift) & 0xff);
  return f + payload;
}

std::string u32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

std::string setting(std::uint16_t id, std::uint32_t value) {
  return std::string{static_cast<char>(id >> 8), static_cast<char>(id)} + u32(value);
}

}  // namespace

misbehaving_h2_server::misbehaving_h2_server(mode m)
    : mode_(m), server_([this](loopback_server::socket& s, loopback_server& srv) { serve(s, srv); }) {}

void misbehaving_h2_server::serve(loopback_server::socket& s, loopback_server&) {
  boost::system::error_code ec;
  std::string preface(24, '\0');
  asio::read(s, asio::buffer(preface), ec);
  if (ec || preface != std::string("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 24)) return;
  std::string settings = setting(0x3, 100);                     // MAX_CONCURRENT_STREAMS
  if (mode_ == mode::zero_window) settings += setting(0x4, 0);  // INITIAL_WINDOW_SIZE
  asio::write(s, asio::buffer(frame(settings_frame, 0, 0, settings)), ec);
  if (!ec && mode_ == mode::goaway_on_connect) return storm(s);
  std::vector<char> payload;
  while (!ec) {
    unsigned char head[9];
    asio::read(s, asio::buffer(head), ec);
    if (ec) return;
    const std::size_t length = (std::size_t(head[0]) << 16) | (std::size_t(head[1]) << 8) | head[2];
    const std::uint8_t type = head[3], flags = head[4];
    const std::uint32_t stream = ((std::uint32_t(head[5]) & 0x7f) << 24) | (std::uint32_t(head[6]) << 16) |
                                 (std::uint32_t(head[7]) << 8) | head[8];
    payload.resize(length);
    asio::read(s, asio::buffer(payload), ec);
    if (ec) return;
    std::string out;
    if (type == settings_frame && !(flags & ack)) out = frame(settings_frame, ack, 0, "");
    if (type == ping_frame && !(flags & ack)) out = frame(ping_frame, ack, 0, std::string(payload.begin(), payload.end()));
    if (type == headers_frame && mode_ == mode::goaway_storm) {
      if (!out.empty()) asio::write(s, asio::buffer(out), ec);
      return storm(s);
    }
    if (type == headers_frame && (flags & end_stream)) {  // no body: the healthy answer
      out = frame(headers_frame, end_headers, stream, "\x88")  // HPACK static index 8: ":status: 200"
            + frame(data_frame, end_stream, stream, "ok");
      ++answered_;
    }
    // A request with a body waits for window that never comes; WINDOW_UPDATE, RST_STREAM, DATA and
    // GOAWAY from the client are ignored.
    if (!out.empty()) asio::write(s, asio::buffer(out), ec);
  }
}

void misbehaving_h2_server::storm(loopback_server::socket& s) {
  std::string out;
  for (int i = 0; i < goaway_burst; ++i) out += frame(goaway_frame, 0, 0, u32(0) + u32(0));
  boost::system::error_code ec;
  asio::write(s, asio::buffer(out), ec);
  if (ec) return;
  goaways_sent_ += goaway_burst;
  s.shutdown(loopback_server::socket::shutdown_send, ec);
  char drain[4096];
  while (!ec) s.read_some(asio::buffer(drain), ec);  // until the client closes
}

}  // namespace ragbench::testing
