// KPI evaluation against a finished run: latency from the full histograms (or the per-second
// series with `after`), stream figures from the endpoint's stream statistics, goodput from its SLO counts.
#include <cmath>
#include <cstdio>
#include <string>

#include "loadgen/report/kpi.hpp"
#include "loadgen/report/run_result.hpp"
#include "loadgen/report/server_figures.hpp"

namespace ragbench::loadgen {
namespace {

bool is_latency(kpi_metric m) {
  return m == kpi_metric::percentile || m == kpi_metric::mean || m == kpi_metric::min || m == kpi_metric::max;
}

bool compare(double value, kpi_op op, double threshold) {
  switch (op) {
    case kpi_op::lt: return value < threshold;
    case kpi_op::le: return value <= threshold;
    case kpi_op::gt: return value > threshold;
    case kpi_op::ge: return value >= threshold;
    case kpi_op::eq: return value == threshold;
  }
  return false;
}

const hdr_histogram& series_of(const stream_stats& s, kpi_series series) {
  switch (series) {
    case kpi_series::ttft: return s.ttft;
    case kpi_series::ttft_service: return s.ttft_service;
    case kpi_series::itl: return s.itl;
    case kpi_series::tpot: return s.tpot;
    case kpi_series::e2e: return s.e2e;
    case kpi_series::e2e_service: return s.e2e_service;
    case kpi_series::headers: return s.headers;
    case kpi_series::stream_tokens_per_s:
    case kpi_series::latency: break;
  }
  return s.rate;
}

// A statistic of a histogram in the KPI's unit (ms, or tokens/s for the rate series).
double statistic(const kpi& k, const hdr_histogram& h) {
  const double unit = k.series == kpi_series::stream_tokens_per_s ? 1000.0 : 1e6;
  if (k.metric == kpi_metric::mean) return h.mean() / unit;
  std::uint64_t v = 0;
  if (k.metric == kpi_metric::percentile) v = h.value_at_percentile(k.percentile);
  else if (k.metric == kpi_metric::min) v = h.min();
  else v = h.max();
  return static_cast<double>(v) / unit;
}

// Stream metrics and goodput (no `after`: the parser refuses it for them). False with r.message set
// when there is nothing to measure.
bool evaluate_stream(const kpi& k, const endpoint_stats& agg, double seconds, kpi_result& r) {
  if (k.metric == kpi_metric::goodput || k.metric == kpi_metric::goodput_rps) {
    if (agg.slo_requests == 0) {
      r.message = "no requests judged against an SLO (no slo: block, or no samples)";
      return false;
    }
    r.value = k.metric == kpi_metric::goodput
                  ? 100.0 * static_cast<double>(agg.good) / static_cast<double>(agg.slo_requests)
                  : (seconds > 0 ? static_cast<double>(agg.good) / seconds : 0.0);
    return true;
  }
  if (!agg.stream || agg.stream->streams == 0) {
    r.message = "no streams (no text/event-stream response)";
    return false;
  }
  if (k.metric == kpi_metric::output_tokens_per_s) {
    r.value = seconds > 0 ? static_cast<double>(agg.stream->tokens) / seconds : 0.0;
    return true;
  }
  const hdr_histogram& h = series_of(*agg.stream, k.series);
  if (h.empty()) {
    r.message = "no samples of " + std::string(series_name(k.series));
    return false;
  }
  r.value = statistic(k, h);
  return true;
}

// A scraped series: the mean of its points (from `after` on). False with r.message set when the run has
// no such series, no points in the window, or the threshold's unit does not fit the series'.
bool evaluate_server(const kpi& k, const run_result& run, kpi_result& r) {
  if (!run.server) {
    r.message = "no server metrics in this run (scrape the target: --scrape URL or a scrape: block)";
    return false;
  }
  const server_series* s = find_series(*run.server, k.server_series);
  if (!s) {
    std::string alike;
    std::size_t shown = 0;
    const std::string base = server_series_base(k);
    for (const auto& other : run.server->series) {
      if (other.name.substr(0, other.name.find('{')) != base || shown == 6) continue;
      alike += (shown++ ? ", " : "") + other.name;
    }
    r.message = "the series '" + k.server_series + "' was not scraped" +
                (alike.empty() ? std::string(" (") + std::to_string(run.server->series.size()) + " series were)"
                               : "; scraped: " + alike);
    return false;
  }
  r.unit = std::string(server_unit_display(s->unit));
  if (!k.server_unit.empty() && k.server_unit != s->unit) {
    r.message = "the threshold is in " + k.server_unit + " but the series is in " + (s->unit.empty() ? "a plain number" : s->unit);
    return false;
  }
  const series_figures f = figures_of(*s, k.after_s);
  if (f.points == 0) {
    char after[40] = "";
    if (k.after_s) std::snprintf(after, sizeof after, " at or after second %g", *k.after_s);
    r.message = "no points of '" + s->name + "'" + after;
    return false;
  }
  r.value = f.mean;
  return true;
}

}  // namespace

kpi_result evaluate_kpi(const kpi& k, const run_result& run) {
  kpi_result r;
  r.expr = k.display();
  r.threshold = k.threshold;
  r.unit = std::string(kpi_unit(k));
  if (k.metric == kpi_metric::server_series) {
    if (evaluate_server(k, run, r)) r.pass = compare(r.value, k.op, k.threshold);
    return r;
  }

  endpoint_stats agg;
  if (k.endpoint == "all") {
    agg = run.stats.aggregate();
  } else if (const auto* e = run.stats.find(k.endpoint)) {
    agg = *e;
  } else {
    r.message = "no endpoint named '" + k.endpoint + "' in this run";
    return r;
  }

  if (is_stream_kpi(k)) {
    if (evaluate_stream(k, agg, run.duration_s, r)) r.pass = compare(r.value, k.op, k.threshold);
    return r;
  }

  hdr_histogram latency;
  std::uint64_t requests = agg.requests, failures = agg.failures;
  double seconds = run.duration_s;
  if (k.after_s) {
    const auto from = static_cast<std::int64_t>(std::ceil(*k.after_s));
    std::tie(requests, failures) = agg.series.accumulate(from, latency);
    seconds = run.duration_s - static_cast<double>(from);
  } else {
    latency = agg.latency;
  }

  // Nothing measured proves nothing: whatever the comparison, a KPI over zero requests fails.
  if (requests == 0 || (is_latency(k.metric) && latency.empty())) {
    r.message = k.after_s ? "no samples after second " + std::to_string(static_cast<long long>(std::ceil(*k.after_s)))
                          : "no samples";
    return r;
  }
  if (is_latency(k.metric)) {
    std::uint64_t ns = 0;
    if (k.metric == kpi_metric::percentile) ns = latency.value_at_percentile(k.percentile);
    else if (k.metric == kpi_metric::min) ns = latency.min();
    else if (k.metric == kpi_metric::max) ns = latency.max();
    r.value = k.metric == kpi_metric::mean ? latency.mean() / 1e6 : static_cast<double>(ns) / 1e6;
  } else if (k.metric == kpi_metric::error_rate) {
    r.value = requests ? 100.0 * static_cast<double>(failures) / static_cast<double>(requests) : 0.0;
  } else if (k.metric == kpi_metric::rps) {
    if (!(seconds > 0)) {
      r.message = k.after_s ? "nothing of the run lies after second " + std::to_string(static_cast<long long>(std::ceil(*k.after_s)))
                            : "the run is not longer than the warm-up";
      return r;
    }
    r.value = static_cast<double>(requests) / seconds;
  } else if (k.metric == kpi_metric::requests) {
    r.value = static_cast<double>(requests);
  } else if (k.metric == kpi_metric::rate_limited) {
    r.value = static_cast<double>(agg.rate_limited);
  } else {
    r.value = static_cast<double>(failures);
  }
  r.pass = compare(r.value, k.op, k.threshold);
  return r;
}

}  // namespace ragbench::loadgen
