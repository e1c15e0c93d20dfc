// The live listener's routes: page, events, stop, summary, metrics; 403/404/405/409 otherwise.
#include "loadgen/live/live_routes.hpp"

#include <nlohmann/json.hpp>

#include "loadgen/live/prometheus_text.hpp"

namespace ragbench::loadgen {
namespace {

live_response ok(std::string content_type, std::string body) {
  live_response r;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

live_response method_not_allowed(const std::string& path, const char* allow) {
  live_response r = error_response(405, "method_not_allowed", path + " takes " + allow);
  r.headers.emplace_back("Allow", allow);
  return r;
}

// A browser sends Origin with a POST; one from another site must not stop the run.
bool foreign_origin(const live_request& req) {
  return !req.origin.empty() && req.origin != "http://" + req.host;
}

live_response stop(const live_request& req, live_state& state) {
  if (foreign_origin(req))
    return error_response(403, "forbidden", "POST /stop from another origin (" + req.origin + ") is refused");
  if (state.done) return error_response(409, "run_over", "the load is over; there is nothing to stop");
  if (!state.stop_requested) {
    state.stop_requested = true;
    if (state.on_stop) state.on_stop();
  }
  live_response r = ok("application/json", R"({"stopping":true})");
  r.status = 202;
  return r;
}

}  // namespace

void live_state::remember(std::string frame) {
  history.push_back(std::move(frame));
  while (history.size() > max_history) history.pop_front();
}

live_response error_response(unsigned status, const std::string& code, const std::string& message) {
  live_response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = nlohmann::json{{"error", {{"code", code}, {"message", message}}}}.dump();
  return r;
}

live_response route(const live_request& req, live_state& state, route_set routes) {
  const std::string path = req.target.substr(0, req.target.find('?'));
  const bool get = req.method == "GET";
  if (routes.web) {
    if (path == "/") return get ? ok("text/html; charset=utf-8", state.page) : method_not_allowed(path, "GET");
    if (path == "/events") {
      if (!get) return method_not_allowed(path, "GET");
      live_response r;
      r.content_type = "text/event-stream";
      r.event_stream = true;
      return r;
    }
    if (path == "/stop") return req.method == "POST" ? stop(req, state) : method_not_allowed(path, "POST");
    if (path == "/summary.json") {
      if (!get) return method_not_allowed(path, "GET");
      if (state.summary_json.empty())
        return error_response(404, "not_ready", "the run is still going; summary.json is served once it is over");
      return ok("application/json", state.summary_json);
    }
  }
  if (routes.metrics && path == "/metrics")
    return get ? ok(prometheus_content_type, state.metrics_text) : method_not_allowed(path, "GET");
  return error_response(404, "not_found", "no route " + path);
}

}  // namespace ragbench::loadgen
