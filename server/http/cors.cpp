// with_cors: preflight answers and Access-Control-* headers on responses to allowed origins.
#include "server/http/cors.hpp"

#include <algorithm>
#include <memory>

#include "server/http/json_response.hpp"

namespace ragbench::server {
namespace {

struct cors_policy {
  cors_options options;
  bool any = false;

  bool allows(std::string_view origin) const {
    return any || std::find(options.origins.begin(), options.origins.end(), origin) != options.origins.end();
  }
  void decorate(response& res, std::string_view origin) const {
    res.set_header("access-control-allow-origin", any ? "*" : std::string(origin));
    if (!any) res.set_header("access-control-allow-credentials", "true");
    res.set_header("access-control-expose-headers", cors_exposed_headers);
    add_vary(res);
  }
  void add_vary(response& res) const {
    if (any) return;  // "*" does not depend on the Origin
    auto vary = res.header("vary");
    res.set_header("vary", vary && !vary->empty() ? std::string(*vary) + ", Origin" : std::string("Origin"));
  }
};

}  // namespace

handler_fn with_cors(cors_options options, handler_fn inner) {
  if (options.origins.empty()) return inner;
  auto policy = std::make_shared<cors_policy>();
  policy->any = std::find(options.origins.begin(), options.origins.end(), "*") != options.origins.end();
  policy->options = std::move(options);
  return [policy, inner = std::move(inner)](request req, handler_context ctx, respond_fn respond) {
    const auto origin_header = req.header("origin");
    if (!origin_header) return inner(std::move(req), ctx, std::move(respond));
    const std::string origin(*origin_header);
    const bool allowed = policy->allows(origin);
    if (req.method == "OPTIONS" && req.header("access-control-request-method")) {
      if (!allowed) {
        response denied = json_error(403, "cors_origin_not_allowed",
                                     "origin " + origin + " is not in --cors-origins");
        policy->add_vary(denied);
        return respond(std::move(denied));
      }
      response res;
      res.status = 204;
      policy->decorate(res, origin);
      res.set_header("access-control-allow-methods", cors_allowed_methods);
      res.set_header("access-control-allow-headers", cors_allowed_headers);
      res.set_header("access-control-max-age", std::to_string(policy->options.max_age.count()));
      return respond(std::move(res));
    }
    if (!allowed) return inner(std::move(req), ctx, std::move(respond));
    inner(std::move(req), ctx, [policy, origin, respond = std::move(respond)](response res) {
      policy->decorate(res, origin);
      respond(std::move(res));
    });
  };
}

}  // namespace ragbench::server
