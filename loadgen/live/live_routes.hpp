#pragma once
// What the live listener answers, decided without sockets (so it is tested without them). Two route
// sets, either or both on one address:
//   web      GET /              the live page (text/html)
//            GET /events        Server-Sent Events: the events so far (the last max_history), then
//                               one per progress tick, the last with "done":true
//            POST /stop         stops the run early (202); 409 once the load is over; 403 when the
//                               request carries an Origin other than this listener's own
//            GET /summary.json  summary.json once the run is over (404 before)
//   metrics  GET /metrics       Prometheus text (prometheus_text.hpp)
// Anything else: 404 (unknown path) or 405 with Allow (known path, other method). Error bodies are
// {"error":{"code":"...","message":"..."}}. The query string is ignored.
#include <deque>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace ragbench::loadgen {

struct route_set {
  bool web = false;
  bool metrics = false;
};

struct live_request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // "/events?x=1"
  std::string host;    // the Host header ("" when absent)
  std::string origin;  // the Origin header ("" when absent)
};

struct live_response {
  unsigned status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // beyond Content-Type
  bool event_stream = false;  // 200 text/event-stream: the connection now streams events (body empty)
};

// The listener's state, owned by its thread.
struct live_state {
  static constexpr std::size_t max_history = 3600;  // events kept for a page that connects late
  std::string page;                  // GET /
  std::deque<std::string> history;   // SSE frames published so far (the last max_history)
  bool done = false;                 // the final event was published
  std::string summary_json;          // GET /summary.json; "" until the run is over
  std::string metrics_text;          // GET /metrics
  bool stop_requested = false;
  std::function<void()> on_stop;     // POST /stop (called once, on the listener's thread)

  // Appends a frame to the history (dropping the oldest beyond max_history).
  void remember(std::string frame);
};

live_response route(const live_request& req, live_state& state, route_set routes);

// {"error":{"code":code,"message":message}} with `status`.
live_response error_response(unsigned status, const std::string& code, const std::string& message);

}  // namespace ragbench::loadgen
