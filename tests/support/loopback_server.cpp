// loopback_server: blocking accept loop, a thread per connection, shutdown-and-join on destruction.
#include "support/loopback_server.hpp"

namespace ragbench::testing {

namespace ip = boost::asio::ip;

loopback_server::loopback_server(handler h) : handler_(std::move(h)), acceptor_(io_) {
  acceptor_.open(ip::tcp::v4());
  acceptor_.set_option(ip::tcp::acceptor::reuse_address(true));
  acceptor_.bind(ip::tcp::endpoint(ip::make_address("127.0.0.1"), 0));
  acceptor_.listen();
  port_ = acceptor_.local_endpoint().port();
  accept_thread_ = std::thread([this] { accept_loop(); });
}

loopback_server::~loopback_server() {
  stopping_ = true;
  boost::system::error_code ec;
  {  // unblock accept(): shutting a listening socket down makes accept() fail on Linux
    socket s(io_);
    s.connect(endpoint(), ec);
  }
  accept_thread_.join();
  acceptor_.close(ec);
  {
    std::lock_guard lock(mutex_);
    for (auto& c : open_)
      if (c.sock.is_open()) c.sock.shutdown(socket::shutdown_both, ec);
  }
  for (auto& c : open_) c.thread.join();  // no new connection can be added any more
}

ip::tcp::endpoint loopback_server::endpoint() const { return {ip::make_address("127.0.0.1"), port_}; }

bool loopback_server::sleep_for(std::chrono::milliseconds d) const {
  const auto until = std::chrono::steady_clock::now() + d;
  while (!stopping()) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= until) return true;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(until - now, std::chrono::milliseconds(10)));
  }
  return false;
}

void loopback_server::abort(socket& s) {
  std::lock_guard lock(mutex_);
  boost::system::error_code ignored;
  s.set_option(boost::asio::socket_base::linger(true, 0), ignored);
  s.close(ignored);
}

void loopback_server::accept_loop() {
  while (true) {
    socket s(io_);
    boost::system::error_code ec;
    acceptor_.accept(s, ec);
    if (stopping_ || ec) return;
    ++connections_;
    std::lock_guard lock(mutex_);
    reap_finished();
    connection& c = open_.emplace_back(std::move(s));
    c.thread = std::thread([this, &c] {
      handler_(c.sock, *this);
      std::lock_guard done_lock(mutex_);
      boost::system::error_code ignored;
      c.sock.close(ignored);
      c.done = true;
    });
  }
}

// Under mutex_: joins and forgets the connections whose handler returned.
void loopback_server::reap_finished() {
  for (auto it = open_.begin(); it != open_.end();) {
    if (!it->done) {
      ++it;
      continue;
    }
    it->thread.join();
    it = open_.erase(it);
  }
}

}  // namespace ragbench::testing
