// The scrape: block: URLs, interval and series selectors, each checked with its file, line and field.
#include "loadgen/scenario/scrape_parser.hpp"

#include <set>

namespace ragbench::loadgen {
namespace {

constexpr std::size_t max_scrape_urls = 16;
constexpr std::size_t max_selectors = 64;
constexpr std::size_t max_quantiles = 10;

bool valid_name(const std::string& n, bool metric) {
  if (n.empty()) return false;
  auto start = [&](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (metric && c == ':'); };
  if (!start(n[0])) return false;
  for (char c : n)
    if (!start(c) && !(c >= '0' && c <= '9')) return false;
  return true;
}

std::optional<label_matchers> parse_matchers(yaml_reader& r, const YAML::Node& n, const std::string& field) {
  if (!r.expect_map(n, field)) return std::nullopt;
  label_matchers out;
  bool ok = true;
  for (auto it = n.begin(); it != n.end(); ++it) {
    const std::string label = it->first.IsScalar() ? it->first.Scalar() : std::string();
    if (!valid_name(label, false)) {
      r.error(it->first, field + ": '" + label + "' is not a label name ([a-zA-Z_][a-zA-Z0-9_]*)");
      ok = false;
      continue;
    }
    auto v = r.string(it->second, field + "." + label);
    if (!v) ok = false;
    else out.emplace_back(label, *v);
  }
  return ok ? std::optional(out) : std::nullopt;
}

std::optional<series_selector> parse_selector(yaml_reader& r, const YAML::Node& n, const std::string& f) {
  series_selector s;
  if (n.IsScalar()) {
    s.metric = s.name = n.Scalar();
    if (!valid_name(s.metric, true)) {
      r.error(n, f + ": '" + s.metric + "' is not a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
      return std::nullopt;
    }
    return s;
  }
  if (!r.expect_map(n, f)) return std::nullopt;
  r.check_keys(n, f, {"name", "metric", "match", "by", "ratio_of", "quantiles", "unit"});
  const auto before = r.errors().size();
  if (!n["metric"]) r.error(n, f + ": needs 'metric' (the family's name in /metrics)");
  else if (auto m = r.string(n["metric"], f + ".metric")) {
    s.metric = *m;
    if (!valid_name(s.metric, true)) r.error(n["metric"], f + ".metric: '" + *m + "' is not a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
  }
  s.name = s.metric;
  if (n["name"])
    if (auto v = r.string(n["name"], f + ".name")) {
      s.name = *v;
      if (!valid_name(s.name, true)) r.error(n["name"], f + ".name: '" + *v + "' must look like a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
    }
  if (n["match"])
    if (auto m = parse_matchers(r, n["match"], f + ".match")) s.match = *m;
  if (n["ratio_of"]) {
    if (auto m = parse_matchers(r, n["ratio_of"], f + ".ratio_of")) s.ratio_of = *m;
    if (s.ratio_of.empty()) r.error(n["ratio_of"], f + ".ratio_of: name at least one label, e.g. {result: hit}");
  }
  if (n["by"] && r.expect_sequence(n["by"], f + ".by")) {
    for (std::size_t i = 0; i < n["by"].size(); ++i) {
      const std::string bf = f + ".by[" + std::to_string(i) + "]";
      auto label = r.string(n["by"][i], bf);
      if (!label) continue;
      if (!valid_name(*label, false)) r.error(n["by"][i], bf + ": '" + *label + "' is not a label name");
      else s.by.push_back(*label);
    }
  }
  if (n["quantiles"] && r.expect_sequence(n["quantiles"], f + ".quantiles")) {
    const auto& qs = n["quantiles"];
    if (qs.size() == 0 || qs.size() > max_quantiles)
      r.error(qs, f + ".quantiles: give 1 to " + std::to_string(max_quantiles) + " quantiles, e.g. [0.5, 0.95, 0.99]");
    s.quantiles.clear();
    for (std::size_t i = 0; i < qs.size(); ++i) {
      const std::string qf = f + ".quantiles[" + std::to_string(i) + "]";
      auto q = r.number(qs[i], qf);
      if (q && !(*q > 0 && *q <= 1)) r.error(qs[i], qf + ": a quantile is in (0, 1], e.g. 0.95; got " + qs[i].Scalar());
      else if (q) s.quantiles.push_back(*q);
    }
    if (n["ratio_of"]) r.error(qs, f + ": 'quantiles' (histograms) and 'ratio_of' cannot be combined");
  }
  if (n["unit"])
    if (auto u = r.string(n["unit"], f + ".unit")) {
      if (*u != "" && *u != "ratio" && *u != "bytes" && *u != "1/s" && *u != "s")
        r.error(n["unit"], f + ".unit: expected \"\", ratio, bytes, 1/s or s; got '" + *u + "'");
      else s.unit = *u;
    }
  if (r.errors().size() != before) return std::nullopt;
  return s;
}

}  // namespace

std::string duplicate_series_name(const std::vector<series_selector>& selectors) {
  std::set<std::string> seen;
  for (const auto& s : selectors)
    for (const auto& name : series_base_names(s))
      if (!seen.insert(name).second) return name;
  return {};
}

std::optional<scrape_spec> parse_scrape(yaml_reader& r, const YAML::Node& n, const std::string& field) {
  const auto before = r.errors().size();
  scrape_spec spec;
  auto add_url = [&](const YAML::Node& u, const std::string& f) {
    auto text = r.string(u, f);
    if (!text) return;
    auto parsed = parse_scrape_url(*text);
    if (const auto* why = std::get_if<std::string>(&parsed)) r.error(u, f + ": " + *why + ", got '" + *text + "'");
    else spec.urls.push_back(std::get<scrape_url>(parsed));
  };
  if (n.IsScalar()) {
    add_url(n, field);
    return r.errors().size() == before ? std::optional(spec) : std::nullopt;
  }
  if (!n.IsMap()) {
    r.error(n, field + ": expected a URL or a mapping {urls, interval, series}, got " + describe(n));
    return std::nullopt;
  }
  r.check_keys(n, field, {"urls", "interval", "series"});
  if (const auto& urls = n["urls"]) {
    if (urls.IsScalar()) add_url(urls, field + ".urls");
    else if (r.expect_sequence(urls, field + ".urls")) {
      if (urls.size() > max_scrape_urls) r.error(urls, field + ".urls: at most " + std::to_string(max_scrape_urls) + " URLs");
      for (std::size_t i = 0; i < urls.size() && i < max_scrape_urls; ++i)
        add_url(urls[i], field + ".urls[" + std::to_string(i) + "]");
    }
  }
  if (n["interval"])
    if (auto d = r.duration(n["interval"], field + ".interval")) {
      if (*d < min_scrape_interval || *d > max_scrape_interval)
        r.error(n["interval"], field + ".interval: from 100ms to 1h, got " + n["interval"].Scalar());
      else spec.interval = *d;
    }
  if (const auto& series = n["series"]; series && r.expect_sequence(series, field + ".series")) {
    spec.ragserver_defaults = false;
    if (series.size() == 0) r.error(series, field + ".series: name at least one series (or 'defaults')");
    if (series.size() > max_selectors)
      r.error(series, field + ".series: at most " + std::to_string(max_selectors) + " entries");
    for (std::size_t i = 0; i < series.size() && i < max_selectors; ++i) {
      const auto& item = series[i];
      if (item.IsScalar() && item.Scalar() == "defaults") {
        spec.ragserver_defaults = true;
        continue;
      }
      if (auto s = parse_selector(r, item, field + ".series[" + std::to_string(i) + "]")) spec.series.push_back(*s);
    }
    if (r.errors().size() == before)
      if (auto dup = duplicate_series_name(effective_series(spec)); !dup.empty())
        r.error(series, field + ".series: two entries produce the series name '" + dup +
                            "' (give one of them another 'name')");
  }
  if (r.errors().size() != before) return std::nullopt;
  return spec;
}

}  // namespace ragbench::loadgen
