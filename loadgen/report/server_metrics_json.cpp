// server_metrics.json writer and reader, and summary.json's server section.
#include "loadgen/report/server_metrics_json.hpp"

#include <cmath>
#include <stdexcept>

#include "loadgen/report/number_format.hpp"
#include "loadgen/report/server_figures.hpp"

namespace ragbench::loadgen {
namespace {

[[noreturn]] void bad(const std::string& file, const std::string& field, const std::string& what) {
  throw std::invalid_argument(file + ": " + field + ": " + what);
}

double finite_number(const nlohmann::json& j, const std::string& file, const std::string& field) {
  if (!j.is_number()) bad(file, field, "expected a number");
  const double v = j.get<double>();
  if (!std::isfinite(v)) bad(file, field, "expected a finite number");
  return v;
}

std::uint64_t count(const nlohmann::json& j, const std::string& file, const std::string& field) {
  if (j.is_number_unsigned()) return j.get<std::uint64_t>();
  if (!j.is_number_integer() || j.get<std::int64_t>() < 0) bad(file, field, "expected a non-negative integer");
  return static_cast<std::uint64_t>(j.get<std::int64_t>());
}

std::string text(const nlohmann::json& j, const std::string& file, const std::string& field) {
  if (!j.is_string()) bad(file, field, "expected a string");
  return j.get<std::string>();
}

const nlohmann::json& member(const nlohmann::json& j, const char* key, const std::string& file, const std::string& at) {
  if (!j.contains(key)) bad(file, at.empty() ? key : at + "." + key, "missing");
  return j[key];
}

}  // namespace

nlohmann::json to_server_metrics_json(const server_metrics& m) {
  nlohmann::json series = nlohmann::json::array();
  for (const auto& s : m.series) {
    nlohmann::json points = nlohmann::json::array();
    for (const auto& [t, v] : s.points) points.push_back({rounded(t, 3), v});
    series.push_back({{"name", s.name}, {"unit", s.unit}, {"points", points}});
  }
  return {{"schema", server_metrics_schema}, {"sources", m.sources},        {"interval_s", m.interval_s},
          {"scrapes", m.scrapes},            {"failed_scrapes", m.failed_scrapes}, {"series", series}};
}

server_metrics server_metrics_from_json(const nlohmann::json& j, const std::string& file) {
  if (!j.is_object()) bad(file, "(top level)", "expected an object");
  if (text(member(j, "schema", file, ""), file, "schema") != server_metrics_schema)
    bad(file, "schema", std::string("expected \"") + server_metrics_schema + "\"");
  server_metrics m;
  const auto& sources = member(j, "sources", file, "");
  if (!sources.is_array()) bad(file, "sources", "expected a list of URLs");
  for (std::size_t i = 0; i < sources.size(); ++i)
    m.sources.push_back(text(sources[i], file, "sources[" + std::to_string(i) + "]"));
  m.interval_s = finite_number(member(j, "interval_s", file, ""), file, "interval_s");
  if (!(m.interval_s > 0)) bad(file, "interval_s", "must be > 0");
  m.scrapes = count(member(j, "scrapes", file, ""), file, "scrapes");
  m.failed_scrapes = count(member(j, "failed_scrapes", file, ""), file, "failed_scrapes");
  if (m.failed_scrapes > m.scrapes) bad(file, "failed_scrapes", "more than scrapes");
  const auto& series = member(j, "series", file, "");
  if (!series.is_array()) bad(file, "series", "expected a list");
  for (std::size_t i = 0; i < series.size(); ++i) {
    const std::string at = "series[" + std::to_string(i) + "]";
    const auto& s = series[i];
    if (!s.is_object()) bad(file, at, "expected an object");
    server_series out;
    out.name = text(member(s, "name", file, at), file, at + ".name");
    if (out.name.empty()) bad(file, at + ".name", "empty");
    out.unit = text(member(s, "unit", file, at), file, at + ".unit");
    const auto& points = member(s, "points", file, at);
    if (!points.is_array()) bad(file, at + ".points", "expected a list of [seconds, value]");
    for (std::size_t k = 0; k < points.size(); ++k) {
      const std::string pf = at + ".points[" + std::to_string(k) + "]";
      if (!points[k].is_array() || points[k].size() != 2) bad(file, pf, "expected [seconds, value]");
      const double t = finite_number(points[k][0], file, pf + "[0]");
      const double v = finite_number(points[k][1], file, pf + "[1]");
      if (!out.points.empty() && t < out.points.back().first) bad(file, pf, "points out of time order");
      out.points.emplace_back(t, v);
    }
    m.series.push_back(std::move(out));
  }
  return m;
}

nlohmann::json server_summary_json(const server_metrics& m) {
  nlohmann::json series = nlohmann::json::object();
  for (const auto& s : m.series) {
    const series_figures f = figures_of(s);
    series[s.name] = {{"unit", s.unit},
                      {"points", f.points},
                      {"min", rounded(f.min, 6)},
                      {"mean", rounded(f.mean, 6)},
                      {"max", rounded(f.max, 6)},
                      {"last", rounded(f.last, 6)}};
  }
  return {{"sources", m.sources},
          {"interval_s", m.interval_s},
          {"scrapes", m.scrapes},
          {"failed_scrapes", m.failed_scrapes},
          {"series", series}};
}

}  // namespace ragbench::loadgen
