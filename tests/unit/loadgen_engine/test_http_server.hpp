#pragma once
// A tiny in-process HTTP/1.1 server for engine tests: blocking sockets, one thread per connection,
// behaviour per request chosen by a callback. Listens on 127.0.0.1 on a port picked by the kernel.
#include <boost/asio.hpp>
#include <atomic>
#include <chrono>
#include <functional>
#include <list>
#include <mutex>
#include <string>
#include <thread>

namespace ragbench::loadgen::test {

struct server_action {
  // flood: a 200 whose body never ends: chunked (chunked = true) or announced as 10 GB
  // (Content-Length), sent as fast as the client reads, up to flood_bytes; then the server stalls
  // (the connection stays open) until the client closes it.
  enum kind { respond, respond_and_close, garbage, reset, silent, flood } what = respond;
  std::string body = "ok";
  int status = 200;  // of a `respond` answer (sent with a reason phrase of "X")
  std::chrono::milliseconds delay{0};  // the server stalls this long before answering
  bool chunked = false;
  std::size_t flood_bytes = 256u << 20;
};

class test_http_server {
 public:
  using policy = std::function<server_action(std::size_t request_index, const std::string& request_head)>;

  explicit test_http_server(policy p = {}) : policy_(std::move(p)), acceptor_(io_) {
    namespace ip = boost::asio::ip;
    acceptor_.open(ip::tcp::v4());
    acceptor_.set_option(ip::tcp::acceptor::reuse_address(true));
    acceptor_.bind(ip::tcp::endpoint(ip::make_address("127.0.0.1"), 0));
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    accept_thread_ = std::thread([this] { accept_loop(); });
  }
  ~test_http_server() {
    stopping_ = true;
    boost::system::error_code ec;
    // Unblock the accept() by connecting once, then close the acceptor once its thread is done with it
    // (closing it under a blocked accept() is a data race on the acceptor).
    {
      boost::asio::ip::tcp::socket s(io_);
      s.connect(endpoint(), ec);
    }
    accept_thread_.join();
    acceptor_.close(ec);
    // Wake the serve threads blocked in a read or a write: shut their sockets down (under the lock,
    // skipping the ones a serve thread has closed, whose descriptor may already be reused), then
    // join them without the lock, which close_socket() needs. No thread is added after the join.
    {
      std::lock_guard lock(mutex_);
      for (auto& s : sockets_) {
        if (s.is_open()) s.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
      }
    }
    for (auto& t : threads_) t.join();
  }

  boost::asio::ip::tcp::endpoint endpoint() const {
    return {boost::asio::ip::make_address("127.0.0.1"), port_};
  }
  std::size_t connections() const { return connections_; }
  std::size_t requests() const { return requests_; }

 private:
  void accept_loop() {
    while (true) {
      boost::asio::ip::tcp::socket s(io_);
      boost::system::error_code ec;
      acceptor_.accept(s, ec);
      if (stopping_ || ec) return;
      ++connections_;
      std::lock_guard lock(mutex_);
      sockets_.push_back(std::move(s));
      auto* sock = &sockets_.back();
      threads_.emplace_back([this, sock] { serve(*sock); });
    }
  }

  void serve(boost::asio::ip::tcp::socket& s) {
    std::string buf;
    char tmp[4096];
    while (!stopping_) {
      std::size_t end;
      while ((end = buf.find("\r\n\r\n")) == std::string::npos) {
        boost::system::error_code ec;
        std::size_t n = s.read_some(boost::asio::buffer(tmp), ec);
        if (ec) return;
        buf.append(tmp, n);
      }
      std::string head = buf.substr(0, end + 4);
      std::size_t body_len = 0;
      if (auto p = head.find("Content-Length: "); p != std::string::npos) body_len = std::stoul(head.substr(p + 16));
      while (buf.size() < end + 4 + body_len) {
        boost::system::error_code ec;
        std::size_t n = s.read_some(boost::asio::buffer(tmp), ec);
        if (ec) return;
        buf.append(tmp, n);
      }
      buf.erase(0, end + 4 + body_len);
      std::size_t index = requests_++;
      server_action a = policy_ ? policy_(index, head) : server_action{};
      if (a.delay.count() > 0) std::this_thread::sleep_for(a.delay);
      boost::system::error_code ec;
      switch (a.what) {
        case server_action::silent: continue;
        case server_action::reset:
          close_socket(s, true);
          return;
        case server_action::flood:
          flood(s, a);
          return;
        case server_action::garbage:
          boost::asio::write(s, boost::asio::buffer(std::string("this is not http\r\n\r\n")), ec);
          close_socket(s, false);
          return;
        default: break;
      }
      std::string resp = a.status == 200 ? "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                                         : "HTTP/1.1 " + std::to_string(a.status) + " X\r\nContent-Type: text/plain\r\n";
      if (a.chunked) {
        resp += "Transfer-Encoding: chunked\r\n\r\n";
        std::size_t half = a.body.size() / 2;
        char sz[32];
        std::snprintf(sz, sizeof sz, "%zx\r\n", half);
        resp += sz + a.body.substr(0, half) + "\r\n";
        std::snprintf(sz, sizeof sz, "%zx;ext=1\r\n", a.body.size() - half);
        resp += sz + a.body.substr(half) + "\r\n0\r\n\r\n";
      } else {
        resp += "Content-Length: " + std::to_string(a.body.size()) + "\r\n\r\n" + a.body;
      }
      boost::asio::write(s, boost::asio::buffer(resp), ec);
      if (ec) return;
      if (a.what == server_action::respond_and_close) {
        close_socket(s, false);
        return;
      }
    }
  }

  // A serve thread closes its own socket only here: under the lock, so the destructor's shutdown
  // never runs concurrently with the close (or on a descriptor number the close has freed).
  // reset: RST instead of FIN (SO_LINGER with a zero timeout).
  void close_socket(boost::asio::ip::tcp::socket& s, bool reset) {
    boost::system::error_code ec;
    std::lock_guard lock(mutex_);
    if (reset) s.set_option(boost::asio::socket_base::linger(true, 0), ec);
    s.close(ec);
  }

  void flood(boost::asio::ip::tcp::socket& s, const server_action& a) {
    boost::system::error_code ec;
    std::string head = a.chunked ? "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                 : "HTTP/1.1 200 OK\r\nContent-Length: 10000000000\r\n\r\n";
    boost::asio::write(s, boost::asio::buffer(head), ec);
    std::string block(64 * 1024, 'x');
    if (a.chunked) block = "10000\r\n" + block + "\r\n";
    for (std::size_t sent = 0; !ec && sent < a.flood_bytes && !stopping_; sent += block.size())
      boost::asio::write(s, boost::asio::buffer(block), ec);
    char tmp[4096];
    while (!ec && !stopping_) s.read_some(boost::asio::buffer(tmp), ec);  // stall until the client closes
  }

  policy policy_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::atomic<unsigned short> port_{0};
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> connections_{0}, requests_{0};
  std::thread accept_thread_;
  std::mutex mutex_;  // guards sockets_ and threads_, and every close of a socket in sockets_
  std::list<boost::asio::ip::tcp::socket> sockets_;
  std::list<std::thread> threads_;
};

}  // namespace ragbench::loadgen::test
