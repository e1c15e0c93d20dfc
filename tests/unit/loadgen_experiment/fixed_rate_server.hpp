#pragma once
// A test server with a known saturation point: one thread, requests served one at a time with a
// fixed service time of 1/R (done with timers, so it costs no CPU), i.e. it completes at most R
// requests per second whatever the load. Requests queue behind each other across connections
// (a D/x/1 queue), so above R latency grows without bound, as in a saturated real server.
// HTTP/1.1 keep-alive on Boost.Beast, 127.0.0.1, a free port.
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

namespace ragbench::testing {
namespace fixed_rate_detail {
namespace http = boost::beast::http;
}

class fixed_rate_server {
 public:
  explicit fixed_rate_server(double max_rate_per_s)
      : service_(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            std::chrono::duration<double>(1.0 / max_rate_per_s))),
        acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    accept();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~fixed_rate_server() {
    io_.stop();
    thread_.join();
  }
  fixed_rate_server(const fixed_rate_server&) = delete;
  fixed_rate_server& operator=(const fixed_rate_server&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()); }

 private:
  using tcp = boost::asio::ip::tcp;
  using clock = std::chrono::steady_clock;

  // One keep-alive connection: read a request, wait for its turn + service time, answer, repeat.
  struct connection : std::enable_shared_from_this<connection> {
    connection(tcp::socket s, fixed_rate_server& owner) : socket(std::move(s)), timer(socket.get_executor()), server(owner) {}
    void read() {
      request = {};
      fixed_rate_detail::http::async_read(socket, buffer, request, [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
        if (!ec) self->serve();
      });
    }
    void serve() {
      const auto now = clock::now();
      server.next_free_ = std::max(now, server.next_free_) + server.service_;
      timer.expires_at(server.next_free_);
      timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
        if (!ec) self->respond();
      });
    }
    void respond() {
      auto res = std::make_shared<fixed_rate_detail::http::response<fixed_rate_detail::http::string_body>>(fixed_rate_detail::http::status::ok, request.version());
      res->set(fixed_rate_detail::http::field::content_type, "application/json");
      res->body() = "{\"ok\":true}";
      res->keep_alive(request.keep_alive());
      res->prepare_payload();
      fixed_rate_detail::http::async_write(socket, *res, [self = shared_from_this(), res](boost::system::error_code ec, std::size_t) {
        if (!ec && res->keep_alive()) self->read();
      });
    }
    tcp::socket socket;
    boost::asio::steady_timer timer;
    boost::beast::flat_buffer buffer;
    fixed_rate_detail::http::request<fixed_rate_detail::http::string_body> request;
    fixed_rate_server& server;
  };

  void accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket s) {
      if (ec) return;
      std::make_shared<connection>(std::move(s), *this)->read();
      accept();
    });
  }

  clock::duration service_;
  clock::time_point next_free_{};
  boost::asio::io_context io_;
  tcp::acceptor acceptor_;
  std::thread thread_;
};

}  // namespace ragbench::testing
