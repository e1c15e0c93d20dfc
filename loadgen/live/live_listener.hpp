#pragma once
// The live listener of loadgen run: a small HTTP/1.1 server (Boost.Asio + Beast) on one thread of its
// own, never on the load's worker threads, serving the web routes (--web) and/or the metrics route
// (--metrics-listen) of live_routes.hpp on one or two addresses. Bounded by live_limits: few
// connections, small requests, read and write timeouts; a bad request gets a 4xx.
// publish(), set_metrics() and set_summary() are thread-safe (posted to the listener's thread) and
// cheap for the caller. The destructor stops accepting, lets event streams write what is queued
// (the final event) for up to close_grace, then closes everything and joins the thread.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "loadgen/live/listen_address.hpp"
#include "loadgen/live/live_connection.hpp"
#include "loadgen/live/live_routes.hpp"

namespace ragbench::loadgen {

class live_listener {
 public:
  struct binding {
    listen_address address;
    route_set routes;
    std::string what;  // for messages, e.g. "--web 127.0.0.1:8089"
  };
  // Binds every address (throws std::runtime_error "WHAT: cannot listen: REASON") and starts the
  // thread. `page`: GET /; `on_stop`: POST /stop, called once on the listener's thread.
  live_listener(const std::vector<binding>& bindings, std::string page, std::function<void()> on_stop,
                live_limits limits = {}, std::chrono::milliseconds close_grace = std::chrono::seconds(1));
  ~live_listener();
  live_listener(const live_listener&) = delete;
  live_listener& operator=(const live_listener&) = delete;

  // The bound addresses (with the port the system picked for port 0), in the order of `bindings`.
  const std::vector<boost::asio::ip::tcp::endpoint>& endpoints() const { return endpoints_; }

  // One event's JSON: kept in the history and sent to every /events stream. `done`: the final one
  // (POST /stop is then refused with 409).
  void publish(std::string event_json, bool done);
  void set_metrics(std::string text);
  void set_summary(std::string summary_json);

 private:
  void do_accept(std::size_t i);

  live_hub hub_;  // before io_: destroyed after the handlers that refer to it
  boost::asio::io_context io_;
  std::vector<std::unique_ptr<boost::asio::ip::tcp::acceptor>> acceptors_;
  std::vector<route_set> routes_;
  std::vector<boost::asio::ip::tcp::endpoint> endpoints_;
  std::chrono::milliseconds close_grace_;
  std::thread thread_;
};

}  // namespace ragbench::loadgen
