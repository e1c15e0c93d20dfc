// misbehaving_http1_server: read a request head (and its Content-Length body), answer by path.
#include "support/misbehaving_http1_server.hpp"

#include <boost/asio/write.hpp>

namespace ragbench::testing {
namespace {

namespace asio = boost::asio;
using socket = loopback_server::socket;

bool send(socket& s, const std::string& bytes) {
  boost::system::error_code ec;
  asio::write(s, asio::buffer(bytes), ec);
  return !ec;
}

std::string chunk(const std::string& data) {
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", data.size());
  return size + data + "\r\n";
}

constexpr const char* overrun = "EXTRA BYTES AFTER THE BODY";  // 26 bytes

}  // namespace

misbehaving_http1_server::misbehaving_http1_server()
    : server_([this](socket& s, loopback_server& srv) { serve(s, srv); }) {}

std::size_t misbehaving_http1_server::requests(const std::string& path) const {
  std::lock_guard lock(mutex_);
  auto it = requests_.find(path);
  return it == requests_.end() ? 0 : it->second;
}

std::size_t misbehaving_http1_server::requests() const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const auto& [path, count] : requests_) n += count;
  return n;
}

void misbehaving_http1_server::serve(socket& s, loopback_server& srv) {
  std::string buf;
  char tmp[4096];
  while (!srv.stopping()) {
    std::size_t end;
    while ((end = buf.find("\r\n\r\n")) == std::string::npos) {
      boost::system::error_code ec;
      std::size_t n = s.read_some(asio::buffer(tmp), ec);
      if (ec) return;
      buf.append(tmp, n);
    }
    const std::string head = buf.substr(0, end + 4);
    std::size_t body = 0;
    if (auto p = head.find("Content-Length: "); p != std::string::npos) body = std::stoul(head.substr(p + 16));
    while (buf.size() < end + 4 + body) {
      boost::system::error_code ec;
      std::size_t n = s.read_some(asio::buffer(tmp), ec);
      if (ec) return;
      buf.append(tmp, n);
    }
    buf.erase(0, end + 4 + body);
    // "GET /path?query HTTP/1.1"
    const auto sp = head.find(' ');
    std::string path = head.substr(sp + 1, head.find(' ', sp + 1) - sp - 1);
    path = path.substr(0, path.find('?'));
    {
      std::lock_guard lock(mutex_);
      ++requests_[path];
    }
    if (!answer(path, s, srv)) return;
  }
}

bool misbehaving_http1_server::answer(const std::string& path, socket& s, loopback_server& srv) {
  if (path == "/healthy") return send(s, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok");
  if (path == "/reset_mid_body") {
    send(s, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + std::string(1000, 'r'));
    srv.sleep_for(std::chrono::milliseconds(20));  // the head and a part of the body are read first
    srv.abort(s);
    return false;
  }
  if (path == "/garbage_status") {
    send(s, "HTTP/1.1 TWO-HUNDRED OK\r\nContent-Length: 2\r\n\r\nok");
    return false;
  }
  if (path == "/truncated_chunked") {
    send(s, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n" + std::string(100, 't'));
    return false;
  }
  if (path == "/longer_body") return send(s, std::string("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello") + overrun);
  if (path == "/longer_body_late") {
    if (!send(s, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")) return false;
    return srv.sleep_for(std::chrono::milliseconds(30)) && send(s, overrun);
  }
  if (path == "/huge_headers") {
    if (!send(s, "HTTP/1.1 200 OK\r\n")) return false;
    const std::string line = "X-Filler: " + std::string(1000, 'h') + "\r\n";
    for (std::size_t sent = 0; sent < huge_header_bytes; sent += 64 * line.size()) {
      std::string block;
      for (int i = 0; i < 64; ++i) block += line;
      if (!send(s, block)) return false;  // the client gave up on the head
    }
    return send(s, "Content-Length: 2\r\n\r\nok");
  }
  if (path == "/endless_body" || path == "/endless_sse") {
    const bool sse = path == "/endless_sse";
    if (!send(s, std::string("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: ") +
                     (sse ? "text/event-stream" : "application/octet-stream") + "\r\n\r\n"))
      return false;
    const std::string piece = chunk(sse ? std::string("data: tick\n\n") : std::string(4096, 'e'));
    while (send(s, piece) && srv.sleep_for(std::chrono::milliseconds(sse ? 10 : 5))) {
    }
    return false;  // the client left (or the server stops)
  }
  return send(s, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
}

}  // namespace ragbench::testing
