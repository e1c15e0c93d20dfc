#pragma once
// An in-process http_server on a free loopback port with a router of test routes, and the
// observer's records, for the transport tests.
#include "server/http/http_server.hpp"
#include "server/http/json_response.hpp"
#include "server/http/router.hpp"

#include <mutex>
#include <string>
#include <vector>

namespace ragbench::test {

struct observed {
  std::string route, method;
  unsigned status;
  std::size_t bytes_in, bytes_out;
};

class server_fixture {
 public:
  // Routes are added by the test through `routes` before start().
  explicit server_fixture(server::http_server_options o = {}) : options_(std::move(o)) {
    options_.host = "127.0.0.1";
    options_.port = 0;
  }
  ~server_fixture() {
    if (server_) server_->stop(std::chrono::milliseconds(0));
  }

  unsigned short start() {
    server_ = std::make_unique<server::http_server>(options_, routes.as_handler(),
                                                    [this](const server::request_record& r) {
                                                      std::lock_guard lock(mutex_);
                                                      records_.push_back({std::string(r.route), std::string(r.method),
                                                                          r.status, r.bytes_in, r.bytes_out});
                                                    });
    port_ = server_->start();
    return port_;
  }

  std::vector<observed> records() const {
    std::lock_guard lock(mutex_);
    return records_;
  }

  server::router routes;
  server::http_server& server() { return *server_; }
  unsigned short port() const { return port_; }

 private:
  server::http_server_options options_;
  std::unique_ptr<server::http_server> server_;
  unsigned short port_ = 0;
  mutable std::mutex mutex_;
  std::vector<observed> records_;
};

inline server::handler_fn text_handler(std::string body) {
  return [body](server::request, server::handler_context, server::respond_fn respond) {
    server::response r;
    r.body = body;
    r.headers.emplace_back("content-type", "text/plain");
    respond(std::move(r));
  };
}

}  // namespace ragbench::test
