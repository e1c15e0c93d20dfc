// Pieces shared by the scenario loader and the profile/override code: file and YAML reading,
// target URL parsing, the warmup-versus-duration rule.
#include "loadgen/scenario/loader_support.hpp"

#include <algorithm>
#include <filesystem>

#include "loadgen/scenario/bounded_file.hpp"
#include "loadgen/scenario/yaml_guard.hpp"

namespace ragbench::loadgen::loader_support {

std::string read_text(const std::string& path, const char* what) {
  std::string why;
  auto text = read_bounded_file(path, max_scenario_file_bytes, false, why);
  if (!text) throw scenario_error(path + ":0: cannot read " + what + " file: " + why);
  return std::move(*text);
}

YAML::Node parse_yaml(std::string_view text, const std::string& path) {
  const yaml_check_result check = check_yaml_text(text);
  std::vector<std::string> errors;
  for (const auto& p : check.problems) errors.push_back(path + ":" + std::to_string(p.line) + ": " + p.message);
  if (!errors.empty()) throw scenario_error(errors);
  if (!check.has_document) throw scenario_error(path + ":1: the file is empty (expected a YAML mapping)");
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::ParserException& e) {
    throw scenario_error(path + ":" + std::to_string(std::max(1, e.mark.line + 1)) + ": YAML syntax error: " + e.msg);
  }
}

std::string dir_of(const std::string& path) {
  auto parent = std::filesystem::path(path).parent_path().string();
  return parent.empty() ? "." : parent;
}

std::optional<target_url> parse_target(yaml_reader& r, const YAML::Node& n) {
  auto text = r.string(n, "target");
  if (!text) return std::nullopt;
  target_url t;
  t.text = *text;
  auto fail = [&](const std::string& why) -> std::optional<target_url> {
    r.error(n, "target: " + why + ", got '" + *text + "' (expected http://host[:port][/base])");
    return std::nullopt;
  };
  auto scheme_end = text->find("://");
  if (scheme_end == std::string::npos) return fail("missing scheme");
  t.scheme = text->substr(0, scheme_end);
  if (t.scheme != "http" && t.scheme != "https") return fail("unknown scheme '" + t.scheme + "'");
  if (t.scheme == "https") t.port = 443;
  auto rest = text->substr(scheme_end + 3);
  auto slash = rest.find('/');
  auto authority = rest.substr(0, slash);
  t.base_path = slash == std::string::npos ? "" : rest.substr(slash);
  while (!t.base_path.empty() && t.base_path.back() == '/') t.base_path.pop_back();
  if (t.base_path.find_first_of("?# ") != std::string::npos) return fail("query or fragment not allowed");
  std::string port;
  if (authority.starts_with("[")) {  // [::1]:8080
    auto close = authority.find(']');
    if (close == std::string::npos) return fail("unclosed '[' in host");
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return fail("expected ':' after ']'");
      port = authority.substr(close + 2);
      if (port.empty()) return fail("empty port");
    }
    authority = authority.substr(1, close - 1);
  } else if (auto colon = authority.rfind(':'); colon != std::string::npos) {
    port = authority.substr(colon + 1);
    if (port.empty()) return fail("empty port");
    authority = authority.substr(0, colon);
  }
  if (!port.empty()) {
    char* end = nullptr;
    long v = std::strtol(port.c_str(), &end, 10);
    if (*end != '\0' || v < 1 || v > 65535) return fail("bad port '" + port + "'");
    t.port = static_cast<std::uint16_t>(v);
  }
  if (authority.empty()) return fail("missing host");
  t.host = authority;
  return t;
}

std::optional<protocol_kind> parse_protocol(yaml_reader& r, const YAML::Node& n) {
  auto p = r.string(n, "protocol");
  if (!p) return std::nullopt;
  for (auto k : {protocol_kind::http1, protocol_kind::h2c, protocol_kind::h2, protocol_kind::auto_alpn})
    if (*p == protocol_name(k)) return k;
  r.error(n, "protocol: expected http1, h2c, h2 or auto, got '" + *p + "'");
  return std::nullopt;
}

void parse_tls(yaml_reader& r, const YAML::Node& n, const std::string& field, tls_settings& out) {
  if (!r.expect_map(n, field)) return;
  r.check_keys(n, field, {"insecure", "ca_file", "server_name"});
  if (const auto& v = n["insecure"]) {
    if (v.IsScalar() && (v.Scalar() == "true" || v.Scalar() == "false")) out.insecure = v.Scalar() == "true";
    else r.error(v, field + ".insecure: expected true or false, got " + describe(v));
  }
  if (n["ca_file"])
    if (auto f = r.string(n["ca_file"], field + ".ca_file")) out.ca_file = *f;
  if (n["server_name"])
    if (auto f = r.string(n["server_name"], field + ".server_name")) out.server_name = *f;
}

void settle_protocol(yaml_reader& r, const YAML::Node& at, scenario& s) {
  const bool tls = s.target.tls();
  if (!s.protocol_explicit) s.protocol = tls ? protocol_kind::auto_alpn : protocol_kind::http1;
  if (s.target.scheme.empty()) return;  // the target itself was bad: already reported
  if (s.protocol == protocol_kind::h2c && tls)
    r.error(at, "protocol: h2c is cleartext HTTP/2 and needs an http:// target (use h2 or auto for https://)");
  if ((s.protocol == protocol_kind::h2 || s.protocol == protocol_kind::auto_alpn) && !tls)
    r.error(at, "protocol: " + std::string(protocol_name(s.protocol)) +
                    " negotiates HTTP/2 with TLS ALPN and needs an https:// target (use h2c for cleartext HTTP/2)");
  if (s.connections && s.protocol == protocol_kind::http1)
    r.error(at, "connections: only for HTTP/2 (protocol h2c, h2 or auto); HTTP/1.1 opens one connection per user "
                "(use load.max_connections to bound an open model)");
}

void check_warmup(yaml_reader& r, const YAML::Node& at, const scenario& s) {
  if (!s.warmup) return;
  nanoseconds total = s.load.duration();
  if (*s.warmup >= total) r.error(at, "warmup: must be shorter than the load duration");
}

}  // namespace ragbench::loadgen::loader_support
