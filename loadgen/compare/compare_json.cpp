// compare.json (schema ragbench.loadgen.compare/v2, see docs/loadgen-compare.md) and writing the three files.
#include <iterator>
#include <string_view>

#include <nlohmann/json.hpp>

#include "loadgen/compare/compare_format.hpp"
#include "loadgen/compare/compare_report.hpp"
#include "loadgen/report/file_writer.hpp"
#include "loadgen/report/number_format.hpp"

namespace ragbench::loadgen {
namespace {

nlohmann::json side_json(const std::vector<std::string>& sources) {
  return {{"runs", sources.size()}, {"sources", sources}};
}

nlohmann::json row_json(const metric_comparison& r, const compare_options& o) {
  const int digits = is_ratio(r.metric) ? 6 : 4;
  const int value_digits = in_ms(r.metric) ? 3 : is_rate(r.metric) ? 1 : 6;
  nlohmann::json j = {{"metric", to_string(r.metric)},
                      {"unit", unit_of(r.metric)},
                      {"method", r.method},
                      {"verdict", to_string(r.result)}};
  if (!has_values(r)) {
    j["baseline"] = nullptr;
    j["candidate"] = nullptr;
    j["change"] = nullptr;
    j["ci"] = nullptr;
  } else {
    j["baseline"] = rounded(r.baseline, value_digits);
    j["candidate"] = rounded(r.candidate, value_digits);
    j["change"] = rounded(r.change, digits);
    j["ci"] = nlohmann::json::array({rounded(r.low, digits), rounded(r.high, digits)});
  }
  j["p_value"] = r.p_value >= 0 ? nlohmann::json(rounded(r.p_value, 6)) : nlohmann::json(nullptr);
  j["run_noise"] = r.run_sd >= 0 ? nlohmann::json(rounded(r.run_sd, 4)) : nlohmann::json(nullptr);
  j["noise_source"] = r.noise_source.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.noise_source);
  j["runs"] = {{"baseline", r.baseline_runs}, {"candidate", r.candidate_runs}};
  if (r.result == verdict::inconclusive) j["runs_needed"] = r.runs_needed;
  if (!r.note.empty()) j["note"] = r.note;
  j["explanation"] = explain(r, o);
  return j;
}

}  // namespace

nlohmann::json to_compare_json(const comparison& c) {
  const auto& o = c.options;
  nlohmann::json tolerance = nlohmann::json::object();
  for (auto m : all_compare_metrics) tolerance[std::string(to_string(m))] = rounded(o.tolerance_of(m), 6);
  if (has_stream_rows(c)) {
    for (auto m : stream_compare_metrics) tolerance[std::string(to_string(m))] = rounded(o.tolerance_of(m), 6);
  }
  nlohmann::json endpoints = nlohmann::json::array();
  for (const auto& r : c.rows) {
    if (endpoints.empty() || endpoints.back()["name"] != r.endpoint) {
      endpoints.push_back({{"name", r.endpoint}, {"verdict", "same"}, {"metrics", nlohmann::json::array()}});
    }
    endpoints.back()["metrics"].push_back(row_json(r, o));
    // The endpoint's verdict: its most serious row (missing > worse > inconclusive > new > better > same).
    static constexpr verdict order[] = {verdict::missing, verdict::worse, verdict::inconclusive, verdict::added,
                                        verdict::better, verdict::same};
    auto rank = [](std::string_view v) {
      for (std::size_t i = 0; i < std::size(order); ++i) {
        if (to_string(order[i]) == v) return i;
      }
      return std::size(order);
    };
    auto& ep = endpoints.back()["verdict"];
    if (rank(to_string(r.result)) < rank(ep.get<std::string>())) ep = std::string(to_string(r.result));
  }
  nlohmann::json kpis = nlohmann::json::array();
  for (const auto& k : c.kpis) kpis.push_back({{"expr", k.expr}, {"status", to_string(k.status)}});
  nlohmann::json counts = nlohmann::json::object();
  for (auto v : {verdict::better, verdict::same, verdict::worse, verdict::inconclusive, verdict::missing, verdict::added}) {
    counts[std::string(to_string(v))] = c.count(v);
  }
  return {{"schema", compare_schema},
          {"baseline", side_json(c.baseline_sources)},
          {"candidate", side_json(c.candidate_sources)},
          {"noise_from", side_json(c.noise_sources)},
          {"method", c.histograms ? "runs+blocks" : "runs"},
          {"options",
           {{"confidence", o.confidence},
            {"iterations", o.iterations},
            {"seed", o.seed},
            {"min_abs_ms", o.min_abs_ms},
            {"latency", o.service_time ? "service_time" : "latency"},
            {"gross_change", rounded(o.gross_change, 6)},
            {"allow_missing", o.allow_missing},
            {"tolerance", tolerance}}},
          {"warnings", c.warnings},
          {"endpoints", endpoints},
          {"kpis", kpis},
          {"notes", c.notes},
          {"counts", counts},
          {"outcome", describe_outcome(c)},
          {"verdict", c.regressed() ? "regression" : c.inconclusive() ? "inconclusive" : "pass"}};
}

void write_compare_files(const comparison& c, const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error(dir.string() + ": cannot create directory: " + ec.message());
  write_file(dir / "compare.md", render_compare_markdown(c));
  write_file(dir / "compare.json", to_compare_json(c).dump(2) + "\n");
  write_file(dir / "junit.xml", render_compare_junit(c));
}

}  // namespace ragbench::loadgen
