// Bearer tokens: parsing the header, resolving the acting user, and --auth's gate.
#include "server/api/bearer_auth.hpp"

#include <boost/asio/post.hpp>

#include <cctype>

#include "server/api/route_support.hpp"

namespace ragbench::server {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

// The routes the gate leaves alone: they need no token, or check it themselves.
bool self_checked(std::string_view pattern) {
  return !pattern.starts_with("/v1/") || pattern.starts_with("/v1/models") || pattern.starts_with("/v1/auth/") ||
         pattern.starts_with("/v1/conversations");
}

}  // namespace

std::optional<std::string> bearer_token(const request& req) {
  auto h = req.header("authorization");
  if (!h) return std::nullopt;
  std::string_view v = *h;
  const auto space = v.find(' ');
  if (space == std::string_view::npos || !iequals(v.substr(0, space), "bearer")) {
    throw api_error(401, "invalid_token", "the Authorization header must be 'Bearer <token>'");
  }
  v.remove_prefix(space + 1);
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  if (v.empty()) throw api_error(401, "invalid_token", "the bearer token is empty");
  return std::string(v);
}

std::uint64_t acting_user(api_services& s, const request& req) {
  if (auto token = bearer_token(req)) {
    if (auto user = s.auth.authenticate(*token)) return *user;
    throw api_error(401, "invalid_token", "the bearer token is unknown or expired; log in again");
  }
  if (s.auth_policy == auth_mode::required) {
    throw api_error(401, "unauthorized", "this server requires a bearer token (POST /v1/auth/login)");
  }
  return s.auth.anonymous_user();
}

void add_auth_gate(router& r, api_services& s) {
  if (s.auth_policy == auth_mode::off) return;
  r.wrap([&s](std::string_view, std::string_view pattern, handler_fn inner) -> handler_fn {
    if (self_checked(pattern)) return inner;
    return [&s, inner = std::move(inner)](request req, handler_context ctx, respond_fn respond) {
      const bool has_header = req.header("authorization").has_value();
      if (!has_header && s.auth_policy == auth_mode::optional) {
        inner(std::move(req), ctx, std::move(respond));
        return;
      }
      auto shared = std::make_shared<request>(std::move(req));
      s.compute.post([&s, inner, ctx, shared, respond = std::move(respond)]() mutable {
        bool allowed = false;
        response denied = guarded(s.log, [&] {
          (void)acting_user(s, *shared);  // throws 401 unless the token is valid
          allowed = true;
          return response{};
        });
        if (!allowed) {
          respond(std::move(denied));
          return;
        }
        ctx.route_out = nullptr;  // recorded by the router already; the slot may be gone by now
        boost::asio::post(ctx.io, [inner, ctx, shared, respond = std::move(respond)]() mutable {
          inner(std::move(*shared), ctx, std::move(respond));
        });
      });
    };
  });
}

}  // namespace ragbench::server
