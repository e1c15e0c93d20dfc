// Scrape URLs, the ragserver default series and the names a selector produces.
#include "loadgen/scenario/scrape_spec.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace ragbench::loadgen {

std::variant<scrape_url, std::string> parse_scrape_url(std::string_view text) {
  scrape_url u;
  u.text = std::string(text);
  if (text.starts_with("https://")) return std::string("https:// is not supported: scrape over http://");
  if (!text.starts_with("http://")) return std::string("expected http://host[:port][/path]");
  std::string_view rest = text.substr(7);
  const auto slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) {
    u.target = std::string(rest.substr(slash));
    if (u.target.front() == '?') u.target = "/metrics" + u.target;
  }
  if (u.target.find_first_of(" #\r\n\t") != std::string::npos) return std::string("no spaces or fragment in the path");
  std::string_view port;
  if (authority.starts_with("[")) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::string("unclosed '[' in the host");
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return std::string("expected ':' after ']'");
      port = authority.substr(close + 2);
      if (port.empty()) return std::string("empty port");
    }
    authority = authority.substr(1, close - 1);
  } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    port = authority.substr(colon + 1);
    if (port.empty()) return std::string("empty port");
    authority = authority.substr(0, colon);
  }
  if (authority.empty()) return std::string("no host");
  if (authority.find_first_of("@ ") != std::string_view::npos) return std::string("bad host '" + std::string(authority) + "'");
  u.host = std::string(authority);
  if (!port.empty()) {
    unsigned v = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), v);
    if (ec != std::errc() || end != port.data() + port.size() || v < 1 || v > 65535)
      return "bad port '" + std::string(port) + "'";
    u.port = static_cast<std::uint16_t>(v);
  }
  return u;
}

const std::vector<series_selector>& ragserver_default_series() {
  static const std::vector<series_selector> defaults = [] {
    auto sel = [](std::string name, std::string metric) {
      series_selector s;
      s.name = std::move(name);
      s.metric = std::move(metric);
      return s;
    };
    std::vector<series_selector> v;
    v.push_back(sel("cpu_seconds_rate", "process_cpu_seconds_total"));
    v.push_back(sel("rss_bytes", "process_resident_memory_bytes"));
    v.push_back(sel("request_rate", "http_requests_total"));
    v.back().by = {"route"};
    v.push_back(sel("cache_hit_ratio", "cache_requests_total"));
    v.back().by = {"tier"};
    v.back().ratio_of = {{"result", "hit"}};
    v.push_back(sel("pool_in_use", "pool_connections"));
    v.back().match = {{"state", "in_use"}};
    v.back().by = {"pool"};
    v.push_back(sel("pool_waiters", "pool_waiters"));
    v.back().by = {"pool"};
    v.push_back(sel("index_vectors", "index_vectors"));
    v.push_back(sel("server_ttft", "llm_time_to_first_token_seconds"));
    v.back().by = {"route"};
    return v;
  }();
  return defaults;
}

std::vector<series_selector> effective_series(const scrape_spec& spec) {
  std::vector<series_selector> out;
  if (spec.ragserver_defaults) out = ragserver_default_series();
  out.insert(out.end(), spec.series.begin(), spec.series.end());
  return out;
}

std::string quantile_suffix(double q) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "p%.10g", std::round(q * 1e8) / 1e6);  // 0.999 -> p99.9, not p99.900000001
  return buf;
}

std::vector<std::string> series_base_names(const series_selector& s) {
  std::vector<std::string> out{s.name};
  for (double q : s.quantiles) out.push_back(s.name + "_" + quantile_suffix(q));
  out.push_back(s.name + "_mean");
  return out;
}

}  // namespace ragbench::loadgen
