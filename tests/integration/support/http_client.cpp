// http_client: Beast synchronous client with reconnect-on-close; raw socket exchange; gunzip.
#include "integration/support/http_client.hpp"

#include "support/gunzip.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cctype>
#include <stdexcept>
#include <thread>

namespace ragbench::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct http_client::impl {
  std::string host;
  unsigned short port;
  asio::io_context io;
  std::optional<tcp::socket> socket;
  beast::flat_buffer buffer;

  void connect() {
    socket.emplace(io);
    socket->connect(tcp::endpoint(asio::ip::make_address(host), port));
    socket->set_option(tcp::no_delay(true));
    buffer.clear();
  }
};

http_client::http_client(std::string host, unsigned short port) : impl_(std::make_unique<impl>()) {
  impl_->host = std::move(host);
  impl_->port = port;
}

http_client::~http_client() = default;

http_reply http_client::request(const std::string& method, const std::string& target, const std::string& body,
                                const std::vector<std::pair<std::string, std::string>>& headers) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!impl_->socket || !impl_->socket->is_open()) impl_->connect();
    http::request<http::string_body> req(http::string_to_verb(method), target, 11);
    req.set(http::field::host, impl_->host);
    bool has_type = false;
    for (auto& [name, value] : headers) {
      req.set(name, value);
      std::string lower = name;
      for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      has_type = has_type || lower == "content-type";
    }
    if (!body.empty() && !has_type) req.set(http::field::content_type, "application/json");
    req.body() = body;
    req.prepare_payload();
    beast::error_code ec;
    http::write(*impl_->socket, req, ec);
    http::response_parser<http::string_body> parser;
    parser.body_limit(1ull << 30);
    if (!ec) http::read(*impl_->socket, impl_->buffer, parser, ec);
    if (ec) {
      // The server closed an idle keep-alive connection: reconnect once and retry.
      impl_->socket.reset();
      if (attempt == 0 && (ec == http::error::end_of_stream || ec == asio::error::connection_reset ||
                           ec == asio::error::broken_pipe || ec == asio::error::eof)) {
        continue;
      }
      throw std::runtime_error("http_client: " + method + " " + target + ": " + ec.message());
    }
    auto res = parser.release();
    http_reply out;
    out.status = res.result_int();
    for (auto& field : res) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.headers[name] = std::string(field.value());
    }
    out.body = std::move(res.body());
    if (!res.keep_alive()) impl_->socket.reset();
    return out;
  }
  throw std::runtime_error("http_client: unreachable");
}

std::string http_client::raw_exchange(const std::string& bytes, int timeout_ms) {
  asio::io_context io;
  tcp::socket s(io);
  s.connect(tcp::endpoint(asio::ip::make_address(impl_->host), impl_->port));
  asio::write(s, asio::buffer(bytes));
  std::string received;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  s.non_blocking(true);
  char buf[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    beast::error_code ec;
    std::size_t n = s.read_some(asio::buffer(buf), ec);
    if (ec == asio::error::would_block) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      continue;
    }
    if (ec) break;
    received.append(buf, n);
  }
  return received;
}

std::string http_client::gunzip(const std::string& data) { return ragbench::testing::gunzip(data); }

}  // namespace ragbench::testing
