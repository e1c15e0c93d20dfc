#pragma once
// Method + path-pattern routing onto handler_fn, with 404 / 405 (+ Allow) JSON answers.
#include "server/http/message.hpp"

#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ragbench::server {

// Routes are registered up front with add(), then dispatch() is called concurrently from any
// number of I/O threads (it is const and touches no mutable state). Cost of dispatch: a linear
// scan over the registered patterns, comparing segments in place; no allocation besides the
// captured path parameters.
class router {
 public:
  // Registers `handler` for `method` ("GET", "POST", ...) on `pattern`, e.g. "/v1/documents/{id}":
  // '/'-separated literal segments and "{name}" captures, each matching one non-empty segment.
  // Throws std::invalid_argument on a malformed pattern, an empty method or a duplicate route.
  void add(std::string_view method, std::string_view pattern, handler_fn handler);

  // Finds the route for req.method and the path of req.target, fills req.path_params
  // (percent-decoded) and req.route (also written to *ctx.route_out when set), and calls the
  // handler. When several patterns match, the one with the fewest captures wins (literal
  // beats "{id}"), then the first added. HEAD falls back to GET. Unknown path -> 404 JSON with
  // route "unmatched"; known path, other method -> 405 JSON with an Allow header.
  void dispatch(request req, handler_context ctx, respond_fn respond) const;

  // Replaces every registered handler h by wrapper(method, pattern, h) -- a decorator applied once
  // at set-up, after the routes are added (e.g. an authentication gate for some patterns). The
  // wrapper may return h unchanged. Not thread-safe: call before the first dispatch.
  using handler_wrapper = std::function<handler_fn(std::string_view method, std::string_view pattern, handler_fn)>;
  void wrap(const handler_wrapper& wrapper);

  // A handler_fn that calls dispatch(); the router must outlive it.
  handler_fn as_handler() const;

  // A step between matching and the handler (rate limiting): it gets the matched request (route
  // and path parameters set) and the handler that matched, and either calls `next` itself or
  // answers through `respond`. It may call `next` later, from another thread, but then must do it
  // on `ctx.io` (handlers run on their connection's I/O thread). `next` lives as long as the router.
  using route_guard = std::function<void(request, handler_context, respond_fn, const handler_fn& next)>;
  // Installs the guard (replacing any). Call during set-up, before dispatch() runs concurrently.
  // 404 and 405 answers never pass through it.
  void set_guard(route_guard guard) { guard_ = std::move(guard); }

 private:
  struct segment {
    std::string text;  // literal text, or the capture name
    bool capture = false;
  };
  struct method_handler {
    std::string method;
    handler_fn handler;
  };
  struct route_entry {
    std::string pattern;
    std::vector<segment> segments;
    std::vector<method_handler> methods;
    std::string allow;  // "GET, HEAD, DELETE" for the 405 answer
    std::size_t captures = 0;
  };

  // Matches `path` against `entry`; on success appends captures to `params` (when non-null).
  static bool match(const route_entry& entry, std::string_view path,
                    std::vector<std::pair<std::string, std::string>>* params);

  std::deque<route_entry> routes_;  // deque: route patterns must not move (views are handed out)
  route_guard guard_;
};

}  // namespace ragbench::server
