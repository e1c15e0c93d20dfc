// Acceptor, I/O threads and graceful shutdown of the HTTP server (HTTP/1.1, h2c, TLS).
#include "server/http/http_server.hpp"

#include "server/http/http1_connection.hpp"
#include "server/http/tls_context.hpp"
#include "server/http/tls_handshake.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

#include <algorithm>
#include <future>
#include <stdexcept>

namespace ragbench::server {
namespace asio = boost::asio;
using boost::system::error_code;
using tcp = asio::ip::tcp;

namespace {

void validate(const http_server_options& o) {
  auto positive = [](std::chrono::milliseconds t, const char* name) {
    if (t.count() <= 0) throw std::invalid_argument(std::string("http_server: ") + name + " must be > 0");
  };
  positive(o.header_timeout, "header_timeout");
  positive(o.read_timeout, "read_timeout");
  positive(o.idle_timeout, "idle_timeout");
  positive(o.write_timeout, "write_timeout");
  if (o.body_limit_bytes == 0) throw std::invalid_argument("http_server: body_limit_bytes must be > 0");
  if (o.header_limit_bytes < 1024 || o.header_limit_bytes > (1u << 30)) {
    throw std::invalid_argument("http_server: header_limit_bytes must be in [1024, 1 GiB]");
  }
  if (o.threads > 1024) throw std::invalid_argument("http_server: threads must be <= 1024");
  if (o.host.empty()) throw std::invalid_argument("http_server: host is empty");
  if (o.h2_max_concurrent_streams == 0 || o.h2_max_concurrent_streams > (1u << 31) - 1) {
    throw std::invalid_argument("http_server: h2_max_concurrent_streams must be in [1, 2^31-1]");
  }
}

// Closes up to `max` of `w`'s connections that have waited longest with nothing in flight.
// Runs on w's thread. Cost: O(connections) plus a partial sort of the idle ones.
void reclaim_idle(io_worker& w, std::size_t max) {
  using clock = std::chrono::steady_clock;
  std::vector<std::pair<clock::time_point, std::shared_ptr<connection>>> idle;
  for (auto& c : w.connections) {
    auto since = c->idle_since();
    if (since != clock::time_point::max()) idle.emplace_back(since, c);
  }
  std::size_t n = std::min(max, idle.size());
  std::partial_sort(idle.begin(), idle.begin() + static_cast<std::ptrdiff_t>(n), idle.end(),
                    [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 0; i < n; ++i) idle[i].second->close();
  w.context.reclaimed_connections.fetch_add(n, std::memory_order_relaxed);
}

}  // namespace

http_server::http_server(http_server_options options, handler_fn handler, request_observer observer, warn_fn warn)
    : warn_(std::move(warn)) {
  if (!handler) throw std::invalid_argument("http_server: empty handler");
  validate(options);
  context_.options = std::move(options);
  context_.handler = std::move(handler);
  context_.observer = std::move(observer);
  if (!context_.options.tls_cert_file.empty() || !context_.options.tls_key_file.empty()) {
    context_.tls = make_tls_context(context_.options);  // bad files: refuse before any socket opens
  }
}

http_server::~http_server() { stop(std::chrono::milliseconds(0)); }

unsigned short http_server::start() {
  if (running_ || !workers_.empty()) throw std::logic_error("http_server: start() called twice");
  const auto& o = context_.options;
  unsigned n = o.threads != 0 ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 0; i < n; ++i) workers_.push_back(std::make_unique<io_worker>(context_));

  auto& io0 = workers_.front()->io;
  std::string where = o.host + ":" + std::to_string(o.port);
  error_code ec;
  tcp::resolver resolver(io0);
  auto results = resolver.resolve(o.host, std::to_string(o.port),
                                  tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || results.empty()) {
    throw std::runtime_error("http_server: cannot resolve " + where + ": " + (ec ? ec.message() : "no address"));
  }
  tcp::endpoint endpoint = results.begin()->endpoint();
  acceptor_ = std::make_unique<tcp::acceptor>(io0);
  auto check = [&](const char* step) {
    if (ec) throw std::runtime_error("http_server: cannot " + std::string(step) + " " + where + ": " + ec.message());
  };
  acceptor_->open(endpoint.protocol(), ec);
  check("open a socket for");
  acceptor_->set_option(tcp::acceptor::reuse_address(true), ec);
  check("set SO_REUSEADDR on");
  acceptor_->bind(endpoint, ec);
  check("bind");
  acceptor_->listen(asio::socket_base::max_listen_connections, ec);
  check("listen on");
  port_ = acceptor_->local_endpoint(ec).port();
  check("read the bound port of");
  accept_retry_ = std::make_unique<asio::steady_timer>(io0);

  do_accept();
  running_ = true;
  for (auto& w : workers_) {
    threads_.emplace_back([worker = w.get()] {
      auto guard = asio::make_work_guard(worker->io);  // run until stop() calls io.stop()
      worker->io.run();
    });
  }
  return port_;
}

void http_server::do_accept() {
  io_worker& target = *workers_[next_worker_];
  next_worker_ = (next_worker_ + 1) % workers_.size();
  acceptor_->async_accept(target.io, [this, &target](error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_->is_open()) return;
    if (ec) {
      on_accept_error(ec);
      return;
    }
    context_.open_connections.fetch_add(1, std::memory_order_relaxed);
    asio::post(target.io, [&target, s = std::move(socket)]() mutable {
      if (target.context.tls) {
        auto conn = std::make_shared<tls_handshake>(std::move(s), target);
        target.connections.push_front(conn);
        conn->start(target.connections.begin());
      } else {
        auto conn = std::make_shared<http1_connection<tcp::socket>>(std::move(s), target);
        target.connections.push_front(conn);
        conn->start(target.connections.begin());
      }
    });
    do_accept();
  });
}

// Out of descriptors (or any other accept failure): say so once per interval, free descriptors
// by closing the longest-idle connections of every worker, and retry after a short back-off
// instead of spinning on a failing accept.
void http_server::on_accept_error(error_code ec) {
  if (auto line = accept_log_.record(ec, std::chrono::steady_clock::now()); line && warn_) warn_(*line);
  if (classify_accept_error(ec) != accept_error_reason::other) {
    std::size_t per_worker = std::max<std::size_t>(1, reclaim_batch / workers_.size());
    for (auto& w : workers_) {
      asio::post(w->io, [worker = w.get(), per_worker] { reclaim_idle(*worker, per_worker); });
    }
  }
  accept_retry_->expires_after(std::chrono::milliseconds(50));
  accept_retry_->async_wait([this](error_code e) {
    if (!e && acceptor_->is_open()) do_accept();
  });
}

template <class Fn>
void http_server::on_each_worker(Fn fn) {
  std::vector<std::future<void>> done;
  for (auto& w : workers_) {
    auto p = std::make_shared<std::promise<void>>();
    done.push_back(p->get_future());
    asio::post(w->io, [p, fn, worker = w.get()] {
      fn(*worker);
      p->set_value();
    });
  }
  for (auto& f : done) f.wait();
}

void http_server::stop(std::chrono::milliseconds grace) {
  if (!running_) return;
  running_ = false;
  io_worker* first = workers_.front().get();
  on_each_worker([this, first](io_worker& w) {
    if (&w == first) {
      error_code ec;
      acceptor_->close(ec);
      accept_retry_->cancel();
    }
    w.stopping = true;
    std::vector<std::shared_ptr<connection>> open(w.connections.begin(), w.connections.end());
    for (auto& c : open) c->on_server_stop();
  });
  auto deadline = std::chrono::steady_clock::now() + grace;
  while (open_connections() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  on_each_worker([](io_worker& w) {
    std::vector<std::shared_ptr<connection>> open(w.connections.begin(), w.connections.end());
    for (auto& c : open) c->close();
  });
  for (auto& w : workers_) w->io.stop();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

}  // namespace ragbench::server
