#pragma once
// A minimal blocking HTTP/1.1 client over raw POSIX sockets for the transport tests: we need
// the exact bytes on the wire (framing), half-sent requests and close detection. Every read
// has a receive timeout so a broken server fails the test instead of hanging it.
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cctype>
#include <chrono>
#include <map>
#include <string>
#include <string_view>

namespace ragbench::test {

struct http_reply {
  unsigned status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;                            // de-chunked
  std::string raw;                             // bytes as received
  bool has(const std::string& name) const { return headers.count(name) != 0; }
  std::string get(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class test_client {
 public:
  explicit test_client(unsigned short port, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd_ >= 0);
    set_timeout(timeout);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~test_client() {
    if (fd_ >= 0) ::close(fd_);
  }
  test_client(const test_client&) = delete;
  test_client& operator=(const test_client&) = delete;

  bool connected() const { return connected_; }

  void set_timeout(std::chrono::milliseconds t) {
    timeval tv{static_cast<time_t>(t.count() / 1000), static_cast<suseconds_t>((t.count() % 1000) * 1000)};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }

  void send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      REQUIRE(n > 0);
      data.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  // Reads one whole response (any framing). `head`: the request was HEAD (no body follows).
  http_reply read_response(bool head = false) {
    namespace http = boost::beast::http;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    parser.skip(head);
    parser.eager(true);
    http_reply reply;
    while (!parser.is_done()) {
      if (!pending_.empty()) {
        boost::beast::error_code ec;
        std::size_t n = parser.put(boost::asio::buffer(pending_), ec);
        if (ec && ec != http::error::need_more) FAIL("bad response from server: " << ec.message() << "\n" << pending_);
        reply.raw.append(pending_, 0, n);
        pending_.erase(0, n);
        if (parser.is_done()) break;
        if (!ec && n > 0) continue;
      }
      if (!fill()) {
        boost::beast::error_code ec;
        parser.put_eof(ec);  // a body delimited by close (HTTP/1.0 stream)
        REQUIRE_FALSE(ec);
        break;
      }
    }
    auto& msg = parser.get();
    reply.status = msg.result_int();
    for (const auto& f : msg) {
      std::string name(f.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      reply.headers[name] = std::string(f.value());
    }
    reply.body = msg.body();
    return reply;
  }

  // True when the peer closes (EOF or reset) within the receive timeout, discarding data.
  bool wait_closed() {
    char buf[4096];
    for (;;) {
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n == 0) return true;
      if (n < 0) return errno == ECONNRESET;  // EAGAIN: timeout, still open
    }
  }

  // Everything the server still sends (including what was read ahead) until it closes or the
  // receive timeout passes.
  std::string read_rest() {
    while (fill()) {
    }
    std::string out;
    out.swap(pending_);
    return out;
  }

  // Reads exactly `n` raw bytes (or fewer at close).
  std::string read_raw(std::size_t n) {
    while (pending_.size() < n && fill()) {
    }
    std::string out = pending_.substr(0, n);
    pending_.erase(0, out.size());
    return out;
  }

 private:
  bool fill() {
    char buf[16384];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    pending_.append(buf, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string pending_;
};

// One request on a fresh connection.
inline http_reply fetch(unsigned short port, const std::string& method, const std::string& target,
                        const std::string& extra_headers = "", const std::string& body = "") {
  test_client c(port);
  REQUIRE(c.connected());
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: test\r\n" + extra_headers;
  if (!body.empty() || method == "POST") req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  req += "\r\n" + body;
  c.send(req);
  return c.read_response(method == "HEAD");
}

}  // namespace ragbench::test
