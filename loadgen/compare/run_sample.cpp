// run_sample from a run_result or summary.json, and loading the runs behind a path.
#include "loadgen/compare/run_sample.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "loadgen/compare/compare_options.hpp"
#include "loadgen/report/histograms_json.hpp"
#include "loadgen/report/number_format.hpp"
#include "loadgen/report/summary_json.hpp"

namespace ragbench::loadgen {
namespace {

// first_second: the run's first measured second (after any warm-up) in the time series' clock.
endpoint_sample endpoint_of(const endpoint_stats& e, std::string name, double duration_s, std::int64_t first_second,
                            bool service_time) {
  endpoint_sample s;
  s.name = std::move(name);
  s.requests = e.requests;
  s.failures = e.failures;
  s.rps = duration_s > 0 ? static_cast<double>(e.requests) / duration_s : 0;
  const hdr_histogram& h = service_time ? e.service_time : e.latency;
  s.latency = h;
  s.p50_ms = ns_to_ms(static_cast<double>(h.value_at_percentile(50)));
  s.p95_ms = ns_to_ms(static_cast<double>(h.value_at_percentile(95)));
  s.p99_ms = ns_to_ms(static_cast<double>(h.value_at_percentile(99)));
  s.mean_ms = ns_to_ms(h.mean());
  if (e.stream) {
    const stream_stats& st = *e.stream;
    auto ms = [](const hdr_histogram& x, double q) { return ns_to_ms(static_cast<double>(x.value_at_percentile(q))); };
    endpoint_sample::stream_part p;
    const hdr_histogram& ttft = service_time ? st.ttft_service : st.ttft;
    p.ttft = ttft;
    p.itl = st.itl;
    p.tpot = st.tpot;
    p.ttft_p50_ms = ms(ttft, 50);
    p.ttft_p95_ms = ms(ttft, 95);
    p.ttft_p99_ms = ms(ttft, 99);
    p.itl_p99_ms = ms(st.itl, 99);
    p.tpot_p50_ms = ms(st.tpot, 50);
    p.tpot_p99_ms = ms(st.tpot, 99);
    p.streams = st.streams;
    p.tokens = st.tokens;
    p.output_tokens_per_s = duration_s > 0 ? static_cast<double>(st.tokens) / duration_s : 0;
    s.stream = std::move(p);
  }
  s.slo_requests = e.slo_requests;
  s.good = e.good;
  // Whole measured seconds only: the last, partial second would read as a drop in throughput, and the
  // series counts seconds from the run start, warm-up included.
  const auto seconds = static_cast<std::int64_t>(std::floor(duration_s));
  if (seconds > 0) {
    s.per_second.assign(static_cast<std::size_t>(seconds), 0.0);
    for (const auto& p : e.series.points()) {
      const auto i = p.second - first_second;
      if (i >= 0 && i < seconds) s.per_second[static_cast<std::size_t>(i)] += static_cast<double>(p.requests);
    }
    if (!service_time) {  // the series keeps latency histograms only
      s.second_latency.resize(static_cast<std::size_t>(seconds));
      for (const auto& p : e.series.points()) {
        const auto i = p.second - first_second;
        if (i >= 0 && i < seconds) s.second_latency[static_cast<std::size_t>(i)] = p.latency;
      }
    }
  }
  return s;
}

const nlohmann::json& member(const nlohmann::json& j, const char* key, std::string_view where) {
  if (!j.is_object() || !j.contains(key)) {
    throw compare_input_error(std::string(where) + ": missing field '" + key + "'");
  }
  return j.at(key);
}

double number(const nlohmann::json& j, const char* key, std::string_view where) {
  const auto& v = member(j, key, where);
  if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < 0) {
    throw compare_input_error(std::string(where) + ": field '" + key + "' must be a non-negative number");
  }
  return v.get<double>();
}

endpoint_sample endpoint_from_summary(const nlohmann::json& j, std::string name, std::string_view where,
                                      bool service_time) {
  const std::string at = std::string(where) + ": " + name;
  endpoint_sample s;
  s.name = std::move(name);
  s.requests = static_cast<std::uint64_t>(number(j, "requests", at));
  s.failures = static_cast<std::uint64_t>(number(j, "failures", at));
  if (s.failures > s.requests) throw compare_input_error(at + ": failures exceed requests");
  s.rps = number(j, "rps", at);
  const char* key = service_time ? "service_time_ms" : "latency_ms";
  const auto& lat = member(j, key, at);
  const std::string lat_at = at + "." + key;
  s.p50_ms = number(lat, "p50", lat_at);
  s.p95_ms = number(lat, "p95", lat_at);
  s.p99_ms = number(lat, "p99", lat_at);
  s.mean_ms = number(lat, "mean", lat_at);
  if (j.contains("stream")) {
    const auto& st = j["stream"];
    const std::string st_at = at + ".stream";
    endpoint_sample::stream_part p;
    auto percentile = [&](const char* key, const char* q) {
      return number(member(st, key, st_at), q, st_at + "." + key);
    };
    const char* ttft = service_time ? "ttft_service_ms" : "ttft_ms";
    p.ttft_p50_ms = percentile(ttft, "p50");
    p.ttft_p95_ms = percentile(ttft, "p95");
    p.ttft_p99_ms = percentile(ttft, "p99");
    p.itl_p99_ms = percentile("itl_ms", "p99");
    p.tpot_p50_ms = percentile("tpot_ms", "p50");
    p.tpot_p99_ms = percentile("tpot_ms", "p99");
    p.output_tokens_per_s = number(st, "output_tokens_per_s", st_at);
    s.stream = std::move(p);
  }
  if (j.contains("goodput")) {
    const double g = number(j, "goodput", at);
    if (g > 1) throw compare_input_error(at + ": field 'goodput' must be a fraction 0..1");
    s.slo_requests = static_cast<std::uint64_t>(number(j, "goodput_requests", at));
    s.good = static_cast<std::uint64_t>(std::llround(g * static_cast<double>(s.slo_requests)));
  }
  return s;
}

nlohmann::json read_json(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw compare_input_error(file.string() + ": cannot open");
  std::stringstream buf;
  buf << in.rdbuf();
  try {
    return nlohmann::json::parse(buf.str());
  } catch (const nlohmann::json::exception& e) {
    throw compare_input_error(file.string() + ": not valid JSON: " + e.what());
  }
}

run_sample load_file(const std::filesystem::path& file, bool service_time) {
  const auto j = read_json(file);
  const std::string where = file.string();
  const auto schema = j.is_object() && j.contains("schema") && j["schema"].is_string() ? j["schema"].get<std::string>() : "";
  if (schema == histograms_schema) {
    try {
      return sample_of(run_result_from_histograms_json(j, where), where, service_time);
    } catch (const compare_input_error&) {
      throw;
    } catch (const std::exception& e) {
      throw compare_input_error(e.what());
    }
  }
  if (schema == summary_schema) return sample_from_summary_json(j, where, service_time);
  throw compare_input_error(where + ": not a loadgen result (expected schema " + histograms_schema + " or " +
                            summary_schema + ")");
}

// The result file of a run directory, or an empty path.
std::filesystem::path result_file_in(const std::filesystem::path& dir) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(dir / "histograms.json", ec)) return dir / "histograms.json";
  if (std::filesystem::is_regular_file(dir / "summary.json", ec)) return dir / "summary.json";
  return {};
}

}  // namespace

const endpoint_sample* run_sample::find(std::string_view name) const {
  for (const auto& e : endpoints) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

run_sample sample_of(const run_result& run, std::string_view source, bool service_time) {
  run_sample s;
  s.source = std::string(source);
  s.duration_s = run.duration_s;
  s.has_histograms = true;
  s.generator_valid = run.generator_valid;
  s.generator_reason = run.generator_reason;
  s.scenario = run.scenario;
  s.model = run.model;
  if (auto load = run.settings.find("load"); load != run.settings.end()) s.load = load->second;
  for (const auto& k : run.kpis) s.kpis.push_back(k.expr);
  s.machine = run.machine;
  const auto all = run.stats.aggregate();
  const std::int64_t first = all.series.empty() ? 0 : all.series.points().front().second;
  s.endpoints.push_back(endpoint_of(all, std::string(aggregate_endpoint), run.duration_s, first, service_time));
  for (const auto& e : run.stats.endpoints) s.endpoints.push_back(endpoint_of(e, e.name, run.duration_s, first, service_time));
  return s;
}

run_sample sample_from_summary_json(const nlohmann::json& j, std::string_view where, bool service_time) {
  const auto& schema = member(j, "schema", where);
  if (!schema.is_string() || schema.get<std::string>() != summary_schema) {
    throw compare_input_error(std::string(where) + ": schema must be " + summary_schema);
  }
  run_sample s;
  s.source = std::string(where);
  s.duration_s = number(j, "duration_s", where);
  s.has_histograms = false;
  auto text = [&](const nlohmann::json& o, const char* key) {
    return o.is_object() && o.contains(key) && o[key].is_string() ? o[key].get<std::string>() : std::string();
  };
  s.scenario = text(j, "scenario");
  s.model = text(j, "model");
  if (j.contains("settings")) s.load = text(j["settings"], "load");
  if (j.contains("kpis") && j["kpis"].is_array()) {
    for (const auto& k : j["kpis"]) {
      if (auto expr = text(k, "expr"); !expr.empty()) s.kpis.push_back(expr);
    }
  }
  if (j.contains("machine")) {
    try {
      s.machine = machine_fingerprint::from_json(j["machine"], where);
    } catch (const std::invalid_argument& e) {
      throw compare_input_error(e.what());
    }
  }
  if (j.contains("generator") && j["generator"].is_object()) {
    const auto& g = j["generator"];
    if (g.contains("valid") && g["valid"].is_boolean()) s.generator_valid = g["valid"].get<bool>();
    if (g.contains("reason") && g["reason"].is_string()) s.generator_reason = g["reason"].get<std::string>();
  }
  s.endpoints.push_back(endpoint_from_summary(member(j, "aggregated", where), std::string(aggregate_endpoint), where, service_time));
  const auto& endpoints = member(j, "endpoints", where);
  if (!endpoints.is_object()) throw compare_input_error(std::string(where) + ": 'endpoints' must be an object");
  for (const auto& [name, e] : endpoints.items()) s.endpoints.push_back(endpoint_from_summary(e, name, where, service_time));
  return s;
}

std::vector<run_sample> load_runs(const std::filesystem::path& path, bool service_time) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw compare_input_error(path.string() + ": no such file or directory");
  if (!std::filesystem::is_directory(path, ec)) return {load_file(path, service_time)};
  if (auto file = result_file_in(path); !file.empty()) return {load_file(file, service_time)};
  std::vector<std::filesystem::path> dirs;
  for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
    if (entry.is_directory() && !result_file_in(entry.path()).empty()) dirs.push_back(entry.path());
  }
  if (ec) throw compare_input_error(path.string() + ": cannot list directory: " + ec.message());
  if (dirs.empty()) {
    throw compare_input_error(path.string() +
                              ": not a loadgen run directory (no histograms.json or summary.json) and holds none");
  }
  std::sort(dirs.begin(), dirs.end());
  std::vector<run_sample> runs;
  for (const auto& d : dirs) runs.push_back(load_file(result_file_in(d), service_time));
  return runs;
}

}  // namespace ragbench::loadgen
