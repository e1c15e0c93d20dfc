#pragma once
// Small helpers shared by the route files: turning exceptions into JSON error responses and
// running blocking work on the compute pool.
#include <exception>
#include <utility>

#include "server/api/api_error.hpp"
#include "server/api/api_services.hpp"
#include "server/http/json_response.hpp"
#include "server/http/message.hpp"
#include "server/store/store_error.hpp"

namespace ragbench::server {

// Runs `fn` (returning a response) and maps failures: api_error -> its status, store_error -> 503
// `store_unavailable`, anything else -> 500 `internal` (logged). Never throws.
template <class F>
response guarded(const logger& log, F&& fn) noexcept {
  try {
    return fn();
  } catch (const api_error& e) {
    response res = json_error(e.status(), e.code(), e.what());
    if (e.status() == 401) res.set_header("www-authenticate", "Bearer realm=\"ragserver\"");
    return res;
  } catch (const store_error& e) {
    log.warn(std::string("store unavailable: ") + e.what());
    return json_error(503, "store_unavailable", std::string("the document store is unavailable: ") + e.what());
  } catch (const std::exception& e) {
    log.error(std::string("internal error: ") + e.what());
    return json_error(500, "internal", "internal error; see the server log");
  }
}

// Runs `fn` on the compute pool and responds with its (guarded) result.
template <class F>
void offload(api_services& s, respond_fn respond, F&& fn) {
  s.compute.post([&log = s.log, respond = std::move(respond), fn = std::forward<F>(fn)]() mutable {
    respond(guarded(log, fn));
  });
}

}  // namespace ragbench::server
