// GET /health (constant, inline), GET /health/detailed (probes on the compute pool),
// GET /metrics (Prometheus text).
#include <nlohmann/json.hpp>

#include "server/api/route_support.hpp"
#include "server/api/routes.hpp"

namespace ragbench::server {

void add_health_routes(router& r, api_services& s) {
  r.add("GET", "/health", [](request, handler_context, respond_fn respond) {
    response res;
    res.status = 200;
    res.set_header("content-type", "application/json");
    res.body = R"({"status":"ok"})";
    respond(std::move(res));
  });

  r.add("GET", "/health/detailed", [&s](request, handler_context, respond_fn respond) {
    offload(s, std::move(respond), [&s] {
      auto deps = s.check_dependencies();
      // A required dependency down: 503 "unavailable"; an optional one (a cache tier) down:
      // 200 "degraded", that dependency "degraded" with the reason in its detail.
      bool ready = true, degraded = false;
      nlohmann::json list = nlohmann::json::object();
      for (const auto& d : deps) {
        if (d.required && !d.up) ready = false;
        if (!d.required && !d.up) degraded = true;
        list[d.name] = {{"strategy", d.strategy},
                        {"status", d.up ? "up" : (d.required ? "down" : "degraded")},
                        {"required", d.required},
                        {"check_ms", d.check_ms},
                        {"detail", d.detail}};
      }
      // Start-up work still running (cache warming) holds readiness at 503 with its name as the
      // status, unless a required dependency is down (that says more).
      std::string status = !ready ? "unavailable" : (degraded ? "degraded" : "ready");
      nlohmann::json startup = nlohmann::json::object();
      for (const auto& p : s.startup ? s.startup->pending() : std::vector<readiness::pending_work>{}) {
        startup[p.name] = p.detail;
        if (ready) status = p.name;
        ready = false;
      }
      auto counts = s.jobs.counts();
      nlohmann::json body = {
          {"status", status},
          {"dependencies", std::move(list)},
          {"jobs", {{"queued", counts.queued}, {"running", counts.running}, {"done", counts.done},
                    {"failed", counts.failed}}},
      };
      if (!startup.empty()) body["startup"] = std::move(startup);
      return json_response(ready ? 200 : 503, body);
    });
  });

  r.add("GET", "/metrics", [&s](request, handler_context, respond_fn respond) {
    response res;
    res.status = 200;
    res.set_header("content-type", "text/plain; version=0.0.4; charset=utf-8");
    res.body = s.render_metrics();
    respond(std::move(res));
  });
}

}  // namespace ragbench::server
