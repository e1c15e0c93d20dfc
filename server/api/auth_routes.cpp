// POST /v1/auth/register, /v1/auth/login, /v1/auth/logout (seed 004). Argon2id costs tens of
// milliseconds of CPU and the store may block, so every route runs on the compute pool.
#include <nlohmann/json.hpp>

#include <ctime>

#include "server/api/bearer_auth.hpp"
#include "server/api/json_body.hpp"
#include "server/api/route_support.hpp"
#include "server/api/routes.hpp"

namespace ragbench::server {
namespace {

struct credentials {
  std::string username;
  std::string password;
};

credentials read_credentials(const request& req) {
  auto body = parse_json_object(req);
  reject_unknown_fields(body, {"username", "password"});
  credentials c;
  c.username = require_string(body, "username", 1, max_username);
  c.password = require_string(body, "password", 1, max_password);
  return c;
}

// "2026-12-05T16:54:10.123Z"
std::string utc_text(std::int64_t ms) {
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

}  // namespace

void add_auth_routes(router& r, api_services& s) {
  r.add("POST", "/v1/auth/register", [&s](request req, handler_context, respond_fn respond) {
    offload(s, std::move(respond), [&s, req = std::move(req)] {
      auto c = read_credentials(req);
      if (auto problem = username_problem(c.username); !problem.empty()) {
        throw api_error(400, "invalid_field", "field \"username\" " + problem);
      }
      if (c.password.size() < min_password) {
        throw api_error(400, "invalid_field", "field \"password\" must be at least " + std::to_string(min_password) +
                                                  " bytes long");
      }
      auto u = s.auth.register_user(c.username, c.password);
      if (!u) throw api_error(409, "username_taken", "the username '" + c.username + "' is already registered");
      return json_response(201, {{"id", u->id}, {"username", u->username}, {"created_at_ms", u->created_at_ms}});
    });
  });

  r.add("POST", "/v1/auth/login", [&s](request req, handler_context, respond_fn respond) {
    offload(s, std::move(respond), [&s, req = std::move(req)] {
      auto c = read_credentials(req);
      // A name that cannot exist is checked like an unknown one: the same answer, the same time.
      std::optional<issued_token> issued;
      if (username_problem(c.username).empty()) {
        issued = s.auth.login(c.username, c.password);
      } else {
        s.auth.hasher().verify_unknown_user(c.password);
      }
      if (!issued) throw api_error(401, "invalid_credentials", "unknown username or wrong password");
      return json_response(200, {{"token", issued->token},
                                 {"token_type", "bearer"},
                                 {"expires_at", utc_text(issued->expires_at_ms)},
                                 {"expires_at_ms", issued->expires_at_ms},
                                 {"user_id", issued->user_id}});
    });
  });

  r.add("POST", "/v1/auth/logout", [&s](request req, handler_context, respond_fn respond) {
    offload(s, std::move(respond), [&s, req = std::move(req)] {
      auto token = bearer_token(req);
      if (!token) throw api_error(401, "unauthorized", "logout needs the bearer token to end");
      if (!s.auth.logout(*token)) throw api_error(401, "invalid_token", "the bearer token is unknown or already ended");
      response res;
      res.status = 204;
      return res;
    });
  });
}

}  // namespace ragbench::server
