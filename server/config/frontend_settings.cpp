// Settings for browser front ends; see frontend_settings.hpp.
#include "server/config/frontend_settings.hpp"

#include <algorithm>
#include <stdexcept>

#include "server/config/value_parsers.hpp"

namespace ragbench::server {
namespace {

// "1500ms", "2s": the largest unit that represents the value exactly.
std::string duration_text(std::chrono::nanoseconds d) {
  const std::int64_t ns = d.count();
  constexpr std::pair<std::int64_t, const char*> units[] = {
      {3'600'000'000'000, "h"}, {60'000'000'000, "m"}, {1'000'000'000, "s"}, {1'000'000, "ms"}, {1'000, "us"}};
  for (const auto& [scale, unit] : units) {
    if (ns != 0 && ns % scale == 0) return std::to_string(ns / scale) + unit;
  }
  return ns == 0 ? "0s" : std::to_string(ns) + "ns";
}

std::string percent_text(double fraction) {
  std::string out = std::to_string(fraction * 100.0);
  while (out.size() > 1 && out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out + "%";
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::vector<std::string> parse_origins_value(std::string_view text) {
  std::vector<std::string> out;
  text = trimmed(text);
  if (text.empty()) return out;
  if (text == "*") return {"*"};
  while (true) {
    const auto comma = text.find(',');
    const std::string_view origin = trimmed(text.substr(0, comma));
    const bool http = origin.starts_with("http://"), https = origin.starts_with("https://");
    const std::string_view host = origin.substr(http ? 7 : https ? 8 : 0);
    if ((!http && !https) || host.empty() || host.find_first_of("/?#* ") != std::string_view::npos) {
      throw std::invalid_argument("'" + std::string(origin) +
                                  "' is not an origin (scheme://host[:port], e.g. http://localhost:5173); '*' only alone");
    }
    out.emplace_back(origin);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

void add_frontend_settings(std::vector<setting>& t) {
  using c = server_config;
  t.push_back({"cors_origins", "ORIGINS",
               "Browser origins allowed to call the API (CORS): '*' for any (then without credentials), or a "
               "comma-separated list such as http://localhost:5173 (credentials allowed). Empty: no CORS headers.",
               {}, false, [](c& s, std::string_view v) { s.cors_origins = parse_origins_value(v); },
               [](const c& s) {
                 std::string out;
                 for (const auto& o : s.cors_origins) out += (out.empty() ? "" : ",") + o;
                 return out;
               }});
  t.push_back({"cors_max_age", "DURATION", "How long a browser may cache a CORS preflight answer (whole seconds).",
               {}, false,
               [](c& s, std::string_view v) { s.cors_max_age = parse_duration_value(v, std::chrono::seconds(0)); },
               [](const c& s) {
                 return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(s.cors_max_age).count()) + "s";
               }});
  t.push_back({"docs_assets", "DIR", "Swagger UI's static files (the swagger-ui-dist npm package) served at /docs.",
               "tests/node/node_modules/swagger-ui-dist of the source tree (installed by ci/setup.sh)", false,
               [](c& s, std::string_view v) { s.docs_assets = std::string(v); },
               [](const c& s) { return s.docs_assets; }});
  t.push_back({"dev", "BOOL",
               "Dev server for front ends: loads the sample corpus in the background (the server answers at once; "
               "/health/detailed is 503 'loading' until it is in), and unless set otherwise CORS '*', auth off, "
               "memory store, flat index.",
               {}, true, [](c& s, std::string_view v) { s.dev = parse_bool_value(v); },
               [](const c& s) { return std::string(s.dev ? "true" : "false"); }});
  t.push_back({"dev_corpus", "FILE",
               "documents.jsonl ({\"title\",\"content\"} per line) that --dev loads; empty: corpus/documents.jsonl "
               "beside the binary's bin/ folder (the build's sample corpus).",
               {}, false, [](c& s, std::string_view v) { s.dev_corpus = std::string(v); },
               [](const c& s) { return s.dev_corpus; }});
  t.push_back({"inject_latency", "FAULTS",
               "Added delay before a /v1 route answers, for testing loading states: [ROUTE=]DURATION[..MAX] items, "
               "comma-separated (200ms; 50ms..400ms uniform; /v1/search=1s). Empty: none.",
               {}, false, [](c& s, std::string_view v) { s.inject_latency = parse_latency_faults_value(v); },
               [](const c& s) {
                 std::string out;
                 for (const auto& f : s.inject_latency) {
                   out += (out.empty() ? "" : ",") + (f.route.empty() ? "" : f.route + "=") + duration_text(f.min);
                   if (f.max != f.min) out += ".." + duration_text(f.max);
                 }
                 return out;
               }});
  t.push_back({"inject_errors", "FAULTS",
               "Share of a /v1 route's requests answered 503 injected_fault, for testing error states: "
               "[ROUTE=]PERCENT% items, comma-separated (5%; /v1/search=5%,/v1/chat=20%). Empty: none.",
               {}, false, [](c& s, std::string_view v) { s.inject_errors = parse_error_faults_value(v); },
               [](const c& s) {
                 std::string out;
                 for (const auto& f : s.inject_errors) {
                   out += (out.empty() ? "" : ",") + (f.route.empty() ? "" : f.route + "=") + percent_text(f.fraction);
                 }
                 return out;
               }});
}

void apply_dev_defaults(server_config& c, const std::vector<std::string_view>& explicit_names) {
  if (!c.dev) return;
  auto is_explicit = [&](std::string_view name) {
    return std::find(explicit_names.begin(), explicit_names.end(), name) != explicit_names.end();
  };
  if (!is_explicit("cors_origins")) c.cors_origins = {"*"};
  if (!is_explicit("auth")) c.auth = "off";
  if (!is_explicit("store")) c.store = "memory";
  if (!is_explicit("index")) c.index = "flat";
}

}  // namespace ragbench::server
