// compare.json (schema ragbench.loadgen.compare/v1, see docs/loadgen-compare.md), junit.xml, and writing
// the three files.
#include <fstream>

#include <nlohmann/json.hpp>

#include "loadgen/compare/compare_format.hpp"
#include "loadgen/compare/compare_report.hpp"
#include "loadgen/report/number_format.hpp"

namespace ragbench::loadgen {
namespace {

nlohmann::json side_json(const std::vector<std::string>& sources) {
  return {{"runs", sources.size()}, {"sources", sources}};
}

nlohmann::json row_json(const metric_comparison& r) {
  const int digits = is_ratio(r.metric) ? 6 : 4;
  const int value_digits = in_ms(r.metric) ? 3 : (r.metric == compare_metric::rps || r.metric == compare_metric::output_tokens_per_s) ? 1 : 6;
  nlohmann::json j = {{"metric", to_string(r.metric)},
                      {"unit", unit_of(r.metric)},
                      {"method", r.method},
                      {"verdict", to_string(r.result)}};
  if (r.method == "missing") {
    j["baseline"] = nullptr;
    j["candidate"] = nullptr;
    j["change"] = nullptr;
    j["ci"] = nullptr;
  } else {
    j["baseline"] = rounded(r.baseline, value_digits);
    j["candidate"] = rounded(r.candidate, value_digits);
    j["change"] = rounded(r.change, digits);
    j["ci"] = r.method == "tolerance-only" ? nlohmann::json(nullptr)
                                           : nlohmann::json::array({rounded(r.low, digits), rounded(r.high, digits)});
  }
  j["p_value"] = r.p_value >= 0 ? nlohmann::json(rounded(r.p_value, 6)) : nlohmann::json(nullptr);
  if (!r.note.empty()) j["note"] = r.note;
  return j;
}

void write_file(const std::filesystem::path& file, const std::string& content) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error(file.string() + ": cannot open for writing");
  out << content;
  out.close();
  if (!out) throw std::runtime_error(file.string() + ": write failed");
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
    endpoints.back()["metrics"].push_back(row_json(r));
    if (r.result == verdict::worse) endpoints.back()["verdict"] = "worse";
  }
  return {{"schema", compare_schema},
          {"baseline", side_json(c.baseline_sources)},
          {"candidate", side_json(c.candidate_sources)},
          {"method", c.histograms ? "bootstrap" : "tolerance-only"},
          {"options",
           {{"confidence", o.confidence},
            {"iterations", o.iterations},
            {"seed", o.seed},
            {"min_abs_ms", o.min_abs_ms},
            {"latency", o.service_time ? "service_time" : "latency"},
            {"tolerance", tolerance}}},
          {"endpoints", endpoints},
          {"notes", c.notes},
          {"counts",
           {{"better", c.count(verdict::better)}, {"same", c.count(verdict::same)}, {"worse", c.count(verdict::worse)}}},
          {"verdict", c.regressed() ? "regression" : "pass"}};
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
