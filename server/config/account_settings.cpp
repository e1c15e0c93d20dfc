// Settings of users, sessions and conversations; see account_settings.hpp.
#include "server/config/account_settings.hpp"

#include "server/auth/auth_mode.hpp"
#include "server/config/value_parsers.hpp"

namespace ragbench::server {
namespace {

// "90s", "24h": the largest unit that represents the value exactly.
std::string duration_text(std::chrono::nanoseconds d) {
  const std::int64_t ns = d.count();
  constexpr std::pair<std::int64_t, const char*> units[] = {
      {3'600'000'000'000, "h"}, {60'000'000'000, "m"}, {1'000'000'000, "s"}, {1'000'000, "ms"}, {1'000, "us"}};
  for (const auto& [scale, unit] : units) {
    if (ns != 0 && ns % scale == 0) return std::to_string(ns / scale) + unit;
  }
  return ns == 0 ? "0s" : std::to_string(ns) + "ns";
}

std::string size_text(std::uint64_t b) {
  if (b % (1024 * 1024) == 0) return std::to_string(b >> 20) + "MiB";
  if (b % 1024 == 0) return std::to_string(b >> 10) + "KiB";
  return std::to_string(b);
}

}  // namespace

void add_account_settings(std::vector<setting>& t) {
  using c = server_config;
  t.push_back({"auth", "MODE",
               "Bearer tokens on /v1 routes: off (not checked on documents, search, query and chat; conversations "
               "belong to the token's user, or to one shared anonymous user without a token), optional (a token "
               "that is given must be valid, else 401), required (every /v1 route but /v1/auth/register, "
               "/v1/auth/login and /v1/models needs a valid token, else 401).",
               {}, false, [](c& s, std::string_view v) { s.auth = parse_choice_value(v, auth_mode_names()); },
               [](const c& s) { return s.auth; }});
  t.push_back({"token_ttl", "DURATION", "Lifetime of a login token (POST /v1/auth/login).", {}, false,
               [](c& s, std::string_view v) { s.token_ttl = parse_duration_value(v, std::chrono::seconds(1)); },
               [](const c& s) { return duration_text(s.token_ttl); }});
  t.push_back({"password_opslimit", "INT",
               "Argon2id passes per password hash (libsodium's interactive level is 2).", {}, false,
               [](c& s, std::string_view v) { s.password_opslimit = parse_integer_value(v, 1, 4'294'967'295ull); },
               [](const c& s) { return std::to_string(s.password_opslimit); }});
  t.push_back({"password_memlimit", "SIZE",
               "Argon2id memory per password hash (libsodium's interactive level is 64MiB), held while a register "
               "or login runs on the compute pool.",
               {}, false, [](c& s, std::string_view v) { s.password_memlimit = parse_size_value(v, 8192); },
               [](const c& s) { return size_text(s.password_memlimit); }});
  t.push_back({"context_tokens", "INT",
               "Prompt window of a conversation message: system prompt + the new turn + retrieved chunks + history; "
               "the oldest turns are dropped first to fit.",
               {}, false,
               [](c& s, std::string_view v) { s.context_tokens = parse_integer_value(v, 64, 10'000'000); },
               [](const c& s) { return std::to_string(s.context_tokens); }});
}

}  // namespace ragbench::server
