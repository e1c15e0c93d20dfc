#pragma once
// Protocol-independent request and response types. Routes are written against these once; the
// HTTP/1.1 transport (Beast) and, later, the HTTP/2 transport (nghttp2) convert to and from them.
#include <boost/asio/any_io_executor.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ragbench::server {

// Header names are stored lower-case; values as received.
using header_list = std::vector<std::pair<std::string, std::string>>;

struct request {
  std::string method;   // "GET", "POST", ...
  std::string target;   // raw request target: "/v1/documents?limit=10"
  std::string path;     // target without the query string, percent-decoded: "/v1/documents"
  std::string query;    // raw query string without '?': "limit=10&cursor=abc"
  header_list headers;  // lower-case names
  std::string body;
  std::string remote;   // peer address "127.0.0.1:50312", for rate limiting and logs
  std::vector<std::pair<std::string, std::string>> path_params;  // filled by the router: {"id", "42"}
  // The route pattern the router matched ("/v1/documents/{id}"), or "unmatched". Points into
  // storage owned by the router (or a string literal), so it lives as long as the router does.
  std::string_view route = "unmatched";
  int version = 11;  // HTTP version: 10, 11, or 20 for HTTP/2

  // First header with this lower-case name, or nullopt.
  std::optional<std::string_view> header(std::string_view lower_name) const;
  // Path parameter captured by the router, or "" when absent.
  std::string_view param(std::string_view name) const;
  // Decoded query parameter, or nullopt when absent.
  std::optional<std::string> query_param(std::string_view name) const;
};

// A body produced piece by piece over time (Server-Sent Events). The transport pulls: it calls
// next() once, writes what it gets, and calls next() again only after the write completed, so
// the source never buffers more than one piece ahead and a slow reader throttles the producer.
class body_stream {
 public:
  virtual ~body_stream() = default;
  // Produces the next piece and calls `deliver` exactly once, possibly later (after a timer on
  // `executor`), with the piece, or with nullopt at end of stream. `deliver` must be invoked on
  // `executor`. Not called concurrently with itself.
  virtual void next(boost::asio::any_io_executor executor,
                    std::function<void(std::optional<std::string>)> deliver) = 0;
  // Called when the client went away; the stream should stop its timers. Default: nothing.
  virtual void cancel() {}
};

struct response {
  unsigned status = 200;
  header_list headers;  // e.g. {"content-type", "application/json"}; names lower-case
  std::string body;     // ignored when `stream` is set
  std::shared_ptr<body_stream> stream;  // set for streamed (chunked / SSE) bodies

  void set_header(std::string lower_name, std::string value);
  std::optional<std::string_view> header(std::string_view lower_name) const;
};

// Completion for an asynchronous handler. Call exactly once, from any thread; the transport
// moves the response back onto the connection's own executor.
using respond_fn = std::function<void(response)>;

// What a route handler gets besides the request: the executor of the connection's I/O thread
// (for timers) and the completion.
struct handler_context {
  boost::asio::any_io_executor io;
  // Where the router records the matched route pattern for the transport's per-request record
  // (metrics). Null when nobody listens. Set synchronously, before the handler returns.
  std::string_view* route_out = nullptr;
};

// A request handler. Runs on the I/O thread: it must either answer quickly (bounded work) or
// hand the work to a compute pool and call `respond` later.
using handler_fn = std::function<void(request, handler_context, respond_fn)>;

}  // namespace ragbench::server
