// Per-endpoint statistics: exact merge and the full JSON form used by histograms.json.
#include "loadgen/stats/endpoint_stats.hpp"

#include <string>

#include <nlohmann/json.hpp>

#include "loadgen/stats/json_checks.hpp"

namespace ragbench::loadgen {

void endpoint_stats::merge(const endpoint_stats& other) {
  requests += other.requests;
  failures += other.failures;
  rate_limited += other.rate_limited;
  bytes_out += other.bytes_out;
  bytes_in += other.bytes_in;
  latency.add(other.latency);
  service_time.add(other.service_time);
  for (auto [code, n] : other.status_counts) status_counts[code] += n;
  for (std::size_t i = 0; i < errors.size(); ++i) errors[i] += other.errors[i];
  series.merge(other.series);
  if (other.stream) {
    if (!stream) stream.emplace();
    stream->merge(*other.stream);
  }
  slo_requests += other.slo_requests;
  good += other.good;
  reasons.merge(other.reasons);
}

nlohmann::json endpoint_stats::to_json() const {
  nlohmann::json status = nlohmann::json::object();
  for (auto [code, n] : status_counts) status[std::to_string(code)] = n;
  nlohmann::json errs = nlohmann::json::object();
  for (auto k : all_error_kinds) {
    if (error_count(k) != 0) errs[std::string(to_string(k))] = error_count(k);
  }
  nlohmann::json j = {{"name", name},         {"requests", requests},
                      {"failures", failures}, {"rate_limited", rate_limited}, {"bytes_out", bytes_out},
                      {"bytes_in", bytes_in}, {"status", status},
                      {"errors", errs},       {"latency", latency.to_json()},
                      {"service_time", service_time.to_json()}, {"time_series", series.to_json()}};
  if (stream) j["stream"] = stream->to_json();
  if (slo_requests != 0) j["goodput"] = {{"requests", slo_requests}, {"good", good}};
  if (!reasons.empty()) j["failure_reasons"] = reasons.to_json();
  return j;
}

endpoint_stats endpoint_stats::from_json(const nlohmann::json& j, std::string_view where) {
  using namespace json_checks;
  endpoint_stats e;
  e.name = get_string(j, "name", where);
  const std::string at = std::string(where) + " endpoint \"" + e.name + "\"";
  e.requests = get_u64(j, "requests", at);
  e.failures = get_u64(j, "failures", at);
  if (e.failures > e.requests) fail(at, "more failures than requests");
  if (j.contains("rate_limited")) e.rate_limited = get_u64(j, "rate_limited", at);  // absent before v1.1
  if (e.failures + e.rate_limited > e.requests) fail(at, "more failures and rate-limited answers than requests");
  e.bytes_out = get_u64(j, "bytes_out", at);
  e.bytes_in = get_u64(j, "bytes_in", at);
  const auto& status = member(j, "status", at);
  if (!status.is_object()) fail(at, "\"status\" must be an object {code: count}");
  for (const auto& [code, n] : status.items()) {
    int c = 0;
    try {
      std::size_t used = 0;
      c = std::stoi(code, &used);
      if (used != code.size() || c < 0 || c > 999) throw std::invalid_argument("range");
    } catch (const std::exception&) {
      fail(at, "status code \"" + code + "\" is not a number 0..999");
    }
    e.status_counts[c] = as_u64(n, at, "status count for " + code);
  }
  const auto& errs = member(j, "errors", at);
  if (!errs.is_object()) fail(at, "\"errors\" must be an object {kind: count}");
  for (const auto& [kind, n] : errs.items()) {
    auto k = parse_error_kind(kind);
    if (!k) fail(at, "unknown error kind \"" + kind + "\"");
    e.errors[static_cast<std::size_t>(*k)] = as_u64(n, at, "error count for " + kind);
  }
  e.latency = hdr_histogram::from_json(member(j, "latency", at), at + " latency");
  e.service_time = hdr_histogram::from_json(member(j, "service_time", at), at + " service_time");
  if (e.latency.count() != e.requests - e.rate_limited) {
    fail(at, "latency histogram count differs from requests less rate-limited answers");
  }
  e.series = time_series::from_json(member(j, "time_series", at), at + " time_series");
  // Added within v1 (absent in older files and for endpoints without streams or SLOs).
  if (j.contains("stream")) {
    e.stream = stream_stats::from_json(j["stream"], at);
    if (e.stream->streams > e.requests) fail(at, "more streams than requests");
  }
  if (j.contains("goodput")) {
    const auto& g = j["goodput"];
    e.slo_requests = get_u64(g, "requests", at + " goodput");
    e.good = get_u64(g, "good", at + " goodput");
    if (e.good > e.slo_requests) fail(at, "more good requests than requests judged against the SLO");
    if (e.slo_requests > e.requests) fail(at, "more requests judged against the SLO than requests");
  }
  if (j.contains("failure_reasons")) {
    e.reasons = failure_reasons::from_json(j["failure_reasons"], at + " failure_reasons");
    std::uint64_t counted = 0;
    for (const auto& r : e.reasons.items()) counted += r.count;
    if (counted > e.failures) fail(at, "failure reasons count more failures than there were");
  }
  return e;
}

}  // namespace ragbench::loadgen
