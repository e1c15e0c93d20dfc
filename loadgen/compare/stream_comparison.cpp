// Stream metric rows of compare (see stream_comparison.hpp).
#include "loadgen/compare/stream_comparison.hpp"

#include "common/hash.hpp"
#include "loadgen/compare/bootstrap.hpp"
#include "loadgen/compare/proportion_test.hpp"

namespace ragbench::loadgen {
namespace {

using stream_part = endpoint_sample::stream_part;

// One endpoint's stream data on one side: one entry per run (nullptr where the run had no streams).
struct stream_side {
  std::vector<const stream_part*> runs;
  bool any = false;             // some run streamed
  bool histograms = true;       // every run has histograms
  std::uint64_t judged = 0, good = 0;
};

stream_side gather(const std::vector<run_sample>& runs, const std::string& name) {
  stream_side d;
  for (const auto& run : runs) {
    const endpoint_sample* e = run.find(name);
    const stream_part* p = e && e->stream ? &*e->stream : nullptr;
    d.any = d.any || p;
    if (!run.has_histograms) d.histograms = false;
    if (e) {
      d.judged += e->slo_requests;
      d.good += e->good;
    }
    d.runs.push_back(p);
  }
  return d;
}

const hdr_histogram& histogram_of(const stream_part* p, compare_metric m) {
  static const hdr_histogram empty;
  if (!p) return empty;
  const auto& h = m == compare_metric::itl_p99 ? p->itl
                  : (m == compare_metric::tpot_p50 || m == compare_metric::tpot_p99) ? p->tpot
                                                                                     : p->ttft;
  return h ? *h : empty;
}

double summary_of(const stream_part& p, compare_metric m) {
  switch (m) {
    case compare_metric::ttft_p50: return p.ttft_p50_ms;
    case compare_metric::ttft_p95: return p.ttft_p95_ms;
    case compare_metric::ttft_p99: return p.ttft_p99_ms;
    case compare_metric::itl_p99: return p.itl_p99_ms;
    case compare_metric::tpot_p50: return p.tpot_p50_ms;
    case compare_metric::tpot_p99: return p.tpot_p99_ms;
    default: return p.output_tokens_per_s;
  }
}

// Mean over the runs that streamed (the tolerance-only fallback).
double mean_summary(const stream_side& d, compare_metric m) {
  double sum = 0;
  int n = 0;
  for (const auto* p : d.runs) {
    if (!p) continue;
    sum += summary_of(*p, m);
    ++n;
  }
  return n ? sum / n : 0;
}

metric_comparison point_row(metric_comparison row, double base, double cand, const compare_options& o) {
  row.baseline = base;
  row.candidate = cand;
  row.change = base > 0 ? (cand - base) / base : 0;
  row.low = row.high = row.change;
  row.method = "tolerance-only";
  row.result = judge_point(base, cand, row.metric, o.tolerance_of(row.metric), in_ms(row.metric) ? o.min_abs_ms : 0);
  return row;
}

metric_comparison interval_row(metric_comparison row, const change_interval& c, const compare_options& o) {
  row.baseline = c.baseline;
  row.candidate = c.candidate;
  row.change = c.change;
  row.low = c.low;
  row.high = c.high;
  row.method = "bootstrap";
  row.result = judge_interval(c, row.metric, o.tolerance_of(row.metric), in_ms(row.metric) ? o.min_abs_ms : 0);
  return row;
}

random_source rng_for(const compare_options& o, const std::string& endpoint, compare_metric m) {
  return random_source(fmix64(o.seed ^ fnv1a_64(to_string(m), fnv1a_64(endpoint))));
}

metric_comparison time_row(metric_comparison row, const stream_side& b, const stream_side& c, const compare_options& o) {
  const compare_metric m = row.metric;
  if (!b.histograms || !c.histograms) return point_row(std::move(row), mean_summary(b, m), mean_summary(c, m), o);
  auto blocks = [m](const stream_side& d) {
    std::vector<const hdr_histogram*> hs;
    for (const auto* p : d.runs) hs.push_back(&histogram_of(p, m));
    return histogram_blocks(hs);
  };
  const histogram_blocks hb = blocks(b), hc = blocks(c);
  if (hb.count() == 0 || hc.count() == 0) {
    row.method = "missing";
    row.note = hb.count() == 0 ? "no samples in baseline" : "no samples in candidate";
    return row;
  }
  const double q = percentile_of(m);
  auto draw = [q](const histogram_blocks& h) {
    return [&h, q](random_source& rng) { return h.draw_quantile(q, rng) / 1e6; };
  };
  auto rng = rng_for(o, row.endpoint, m);
  const auto ci = bootstrap_change(hb.quantile(q) / 1e6, hc.quantile(q) / 1e6, draw(hb), draw(hc), o.iterations,
                                   o.confidence, rng);
  return interval_row(std::move(row), ci, o);
}

metric_comparison token_rate_row(metric_comparison row, const stream_side& b, const stream_side& c,
                                 const compare_options& o) {
  auto blocks = [](const stream_side& d) {
    std::vector<throughput_blocks::run> runs;
    for (const auto* p : d.runs) runs.push_back({p ? p->output_tokens_per_s : 0.0, {}});
    return throughput_blocks(std::move(runs));
  };
  const throughput_blocks tb = blocks(b), tc = blocks(c);
  // One run per side gives no spread to resample: tolerance only, as for rps.
  if (b.runs.size() < 2 || c.runs.size() < 2) return point_row(std::move(row), tb.point(), tc.point(), o);
  auto rng = rng_for(o, row.endpoint, row.metric);
  const auto ci = bootstrap_change(
      tb.point(), tc.point(), [&](random_source& r) { return tb.draw(r); }, [&](random_source& r) { return tc.draw(r); },
      o.iterations, o.confidence, rng);
  return interval_row(std::move(row), ci, o);
}

metric_comparison goodput_row(metric_comparison row, const stream_side& b, const stream_side& c,
                              const compare_options& o) {
  const auto t = two_proportion_test(b.good, b.judged, c.good, c.judged, o.confidence);
  row.baseline = t.baseline;
  row.candidate = t.candidate;
  row.change = t.difference;
  row.low = t.low;
  row.high = t.high;
  row.p_value = t.p_value;
  row.method = "two-proportion";
  row.result = judge_proportion(t, compare_metric::goodput, o.tolerance_of(compare_metric::goodput), o.confidence);
  return row;
}

}  // namespace

void append_stream_rows(std::vector<metric_comparison>& rows, const std::string& endpoint,
                        const std::vector<run_sample>& baseline, const std::vector<run_sample>& candidate,
                        const compare_options& options) {
  const stream_side b = gather(baseline, endpoint), c = gather(candidate, endpoint);
  for (auto m : stream_compare_metrics) {
    const bool goodput = m == compare_metric::goodput;
    const bool base_has = goodput ? b.judged > 0 : b.any;
    const bool cand_has = goodput ? c.judged > 0 : c.any;
    if (!base_has && !cand_has) continue;
    metric_comparison row;
    row.endpoint = endpoint;
    row.metric = m;
    if (!base_has || !cand_has) {
      row.method = "missing";
      row.note = std::string(goodput ? "no requests judged against an SLO in " : "no streams in ") +
                 (base_has ? "candidate" : "baseline");
      rows.push_back(std::move(row));
    } else if (goodput) {
      rows.push_back(goodput_row(std::move(row), b, c, options));
    } else if (m == compare_metric::output_tokens_per_s) {
      rows.push_back(token_rate_row(std::move(row), b, c, options));
    } else {
      rows.push_back(time_row(std::move(row), b, c, options));
    }
  }
}

}  // namespace ragbench::loadgen
