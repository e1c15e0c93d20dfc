// One GET of a /metrics URL: resolve, connect, write, read, all on this client's io_context and all
// bounded by one deadline (io_context::run_for); whatever is left at the deadline is closed and drained.
#include "loadgen/scrape/metrics_client.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "common/units.hpp"

namespace ragbench::loadgen {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

void metrics_client::cancel() {
  cancelled_ = true;  // before stop(): a fetch that restarts the context afterwards sees the flag
  io_.stop();
}

fetch_result metrics_client::fetch(const scrape_url& url, std::chrono::nanoseconds timeout) {
  fetch_result r;
  io_.restart();
  if (cancelled_) {
    r.error = "cancelled";
    return r;
  }
  tcp::resolver resolver(io_);
  beast::tcp_stream stream(io_);
  beast::flat_buffer buffer;
  http::request<http::empty_body> req{http::verb::get, url.target, 11};
  const bool ipv6 = url.host.find(':') != std::string::npos;
  req.set(http::field::host, (ipv6 ? "[" + url.host + "]" : url.host) + ":" + std::to_string(url.port));
  req.set(http::field::accept, "text/plain;version=0.0.4;q=1,*/*;q=0.1");
  req.set(http::field::user_agent, "ragbench-loadgen/" RAGBENCH_VERSION);
  req.set(http::field::connection, "close");
  http::response_parser<http::string_body> parser;
  parser.body_limit(max_body_bytes_);

  const char* stage = "resolve";
  bool done = false;
  auto failed = [&](beast::error_code ec) {  // the first reason stays (a timeout, then the aborted handler)
    if (r.error.empty()) r.error = std::string(stage) + ": " + ec.message();
    return true;
  };
  resolver.async_resolve(url.host, std::to_string(url.port), [&](beast::error_code ec, tcp::resolver::results_type results) {
    if (ec && failed(ec)) return;
    stage = "connect";
    stream.async_connect(results, [&](beast::error_code ec, const tcp::endpoint&) {
      if (ec && failed(ec)) return;
      stage = "send";
      http::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
        if (ec && failed(ec)) return;
        stage = "read";
        http::async_read(stream, buffer, parser, [&](beast::error_code ec, std::size_t) {
          if (ec && failed(ec)) return;
          done = true;
        });
      });
    });
  });
  io_.run_for(timeout);
  if (!done && r.error.empty()) {
    r.error = cancelled_ ? std::string("cancelled") : std::string(stage) + ": timed out after " + format_duration(timeout);
    // Close what is pending and let its handlers finish (aborted) before the locals they use go away.
    resolver.cancel();
    beast::error_code ignored;
    stream.socket().close(ignored);
    io_.restart();
    while (io_.run_one_for(std::chrono::milliseconds(100)) > 0) {
    }
    return r;
  }
  if (!done) return r;
  const unsigned status = parser.get().result_int();
  if (status != 200) {
    r.error = "HTTP " + std::to_string(status);
    return r;
  }
  r.ok = true;
  r.body = std::move(parser.get().body());
  return r;
}

}  // namespace ragbench::loadgen
