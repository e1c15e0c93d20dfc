// Which numbers ab compares and how they are read from a run.
#include "loadgen/experiment/ab_metric.hpp"

#include <cmath>
#include <cstdio>
#include <limits>

namespace ragbench::loadgen {
namespace {

ab_metric metric_from(const kpi& k) {
  ab_metric m;
  m.probe = k;
  m.name = k.endpoint + " " + metric_label(k);
  if (k.after_s) {
    char buf[48];
    std::snprintf(buf, sizeof buf, " after %gs", *k.after_s);
    m.name += buf;
  }
  m.unit = std::string(kpi_unit(k));
  const bool more_is_better = k.metric == kpi_metric::rps || k.metric == kpi_metric::requests ||
                              k.metric == kpi_metric::output_tokens_per_s || k.metric == kpi_metric::goodput ||
                              k.metric == kpi_metric::goodput_rps || k.series == kpi_series::stream_tokens_per_s;
  m.direction = more_is_better ? better_when::higher : better_when::lower;
  return m;
}

kpi standard(const char* text) {
  auto parsed = parse_kpi(text, "all");
  return std::get<kpi>(parsed);  // fixed, valid texts
}

}  // namespace

std::string metric_label(const kpi& k) {
  const std::string series = k.series == kpi_series::latency ? "" : std::string(series_name(k.series)) + " ";
  switch (k.metric) {
    case kpi_metric::percentile: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "p%g", k.percentile);
      return series + buf;
    }
    case kpi_metric::mean: return series + "mean";
    case kpi_metric::min: return series + "min";
    case kpi_metric::max: return series + "max";
    case kpi_metric::output_tokens_per_s: return "output_tokens_per_s";
    case kpi_metric::goodput: return "goodput";
    case kpi_metric::goodput_rps: return "goodput_rps";
    case kpi_metric::error_rate: return "error_rate";
    case kpi_metric::rps: return "rps";
    case kpi_metric::requests: return "requests";
    case kpi_metric::failures: return "failures";
    case kpi_metric::rate_limited: return "rate_limited";
    case kpi_metric::server_series: return k.server_series;
  }
  return "?";
}

std::vector<ab_metric> ab_metrics_for(const std::vector<kpi>& kpis) {
  std::vector<ab_metric> out;
  auto find = [&out](const std::string& name) -> ab_metric* {
    for (auto& m : out)
      if (m.name == name) return &m;
    return nullptr;
  };
  for (const auto& k : kpis) {
    ab_metric m = metric_from(k);
    if (ab_metric* existing = find(m.name)) {
      existing->kpi_text += "; " + k.display();
      continue;
    }
    m.is_kpi = true;
    m.kpi_text = k.display();
    out.push_back(std::move(m));
  }
  for (const char* text : {"p50 < 1ms", "p95 < 1ms", "p99 < 1ms", "rps > 0", "error_rate < 1%"}) {
    ab_metric m = metric_from(standard(text));
    if (!find(m.name)) out.push_back(std::move(m));
  }
  return out;
}

double measure(const ab_metric& m, const run_result& run) {
  kpi_result r = evaluate_kpi(m.probe, run);
  if (!r.message.empty() || !std::isfinite(r.value)) return std::numeric_limits<double>::quiet_NaN();
  return r.value;
}

}  // namespace ragbench::loadgen
