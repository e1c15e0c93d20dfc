// Within-run noise of one endpoint's statistics: time-block and request-level resampling (see within_run.hpp).
#include "loadgen/compare/within_run.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "loadgen/stats/time_series.hpp"

namespace ragbench::loadgen {
namespace {

double sample_variance(const std::vector<double>& v) {
  if (v.size() < 2) return 0;
  double mean = 0;
  for (double x : v) mean += x;
  mean /= static_cast<double>(v.size());
  double m2 = 0;
  for (double x : v) m2 += (x - mean) * (x - mean);
  return m2 / static_cast<double>(v.size() - 1);
}

// Variance from the interquartile range ((IQR / 1.349)^2, exact for a normal distribution). With a few
// blocks, rare resamples made only of a run's worst second are extreme; they should not decide the
// run's noise on their own (the spread between runs sees whole-run differences).
double robust_variance(std::vector<double> v) {
  if (v.size() < 4) return sample_variance(v);
  std::sort(v.begin(), v.end());
  auto at = [&](double q) {
    const double pos = q * static_cast<double>(v.size() - 1);
    const auto i = static_cast<std::size_t>(pos);
    const std::size_t j = std::min(i + 1, v.size() - 1);
    return v[i] + (v[j] - v[i]) * (pos - static_cast<double>(i));
  };
  const double iqr = at(0.75) - at(0.25);
  return iqr * iqr / (1.349 * 1.349);
}

// Request-level: variance of log(quantile) when the run's requests are resampled one by one; `samples` is
// the number of independent values behind h (its count, or fewer when values come in correlated groups).
double request_quantile_variance(const hdr_histogram& h, double percentile, int iterations, random_source& rng,
                                 double samples) {
  std::vector<std::pair<double, double>> buckets;  // midpoint, count
  h.for_each_bucket([&](const hdr_histogram::bucket& b) {
    buckets.emplace_back(static_cast<double>(hdr_histogram::midpoint_of(b.index)), static_cast<double>(b.count));
  });
  const double count = static_cast<double>(h.count());
  const double n = std::clamp(samples, 1.0, count);
  const double lo = std::max(1.0, static_cast<double>(h.min())), hi = std::max(lo, static_cast<double>(h.max()));
  // Rank as in hdr_histogram::value_at_percentile: the ceil(q * n)-th smallest, at least the first. The
  // draw is a quantile of n values, read off the histogram of all `count` of them.
  const double k = std::clamp(std::ceil(percentile / 100 * n), 1.0, n);
  std::vector<double> logs;
  logs.reserve(static_cast<std::size_t>(iterations));
  for (int i = 0; i < iterations; ++i) {
    const double target = rng.beta(k, n - k + 1) * count;
    double cumulative = 0;
    std::size_t b = 0;
    for (; b + 1 < buckets.size(); ++b) {
      cumulative += buckets[b].second;
      if (cumulative >= target) break;
    }
    logs.push_back(std::log(std::clamp(buckets[b].first, lo, hi)));
  }
  return sample_variance(logs);
}

// Request-level: variance of log(mean) by the CLT, (sd / mean)^2 / n, sd from bucket midpoints.
double request_mean_variance(const hdr_histogram& h) {
  const double n = static_cast<double>(h.count()), mean = h.mean();
  if (n < 2 || mean <= 0) return 0;
  double m2 = 0;
  h.for_each_bucket([&](const hdr_histogram::bucket& b) {
    const double d = static_cast<double>(hdr_histogram::midpoint_of(b.index)) - mean;
    m2 += static_cast<double>(b.count) * d * d;
  });
  return m2 / (n - 1) / n / (mean * mean);
}

// The run's seconds cut into blocks, each with its merged coarse latency histogram (dense over the
// coarse buckets the run uses) and its request count.
struct time_blocks {
  std::vector<double> low, width, mid;      // per dense coarse bucket: value range [low, low + width)
  std::vector<std::vector<double>> counts;  // [block][bucket]; empty rows when latency is unknown
  std::vector<double> requests, seconds;    // per block
};

time_blocks cut_blocks(const endpoint_sample& e, std::size_t length) {
  time_blocks t;
  const std::size_t seconds = e.per_second.size();
  const bool latency = e.second_latency.size() == seconds;
  std::map<std::uint16_t, std::size_t> dense;
  if (latency) {
    for (const auto& second : e.second_latency) {
      for (const auto& [c, n] : second) dense.emplace(c, 0);
    }
    std::size_t next = 0;
    for (auto& [c, pos] : dense) {
      pos = next++;
      const std::size_t first = std::size_t{c} << time_series::coarse_shift;
      const std::size_t last = first + (std::size_t{1} << time_series::coarse_shift) - 1;
      const double lo = static_cast<double>(hdr_histogram::lowest_value_of(first));
      const double hi = static_cast<double>(hdr_histogram::highest_value_of(std::min(last, hdr_histogram::bucket_count() - 1)));
      t.low.push_back(lo);
      t.width.push_back(hi + 1 - lo);
      t.mid.push_back((lo + hi) / 2);
    }
  }
  for (std::size_t start = 0; start < seconds; start += length) {
    const std::size_t end = std::min(seconds, start + length);
    std::vector<double> counts(latency ? dense.size() : 0, 0.0);
    double requests = 0;
    for (std::size_t s = start; s < end; ++s) {
      requests += e.per_second[s];
      if (latency) {
        for (const auto& [c, n] : e.second_latency[s]) counts[dense[c]] += n;
      }
    }
    t.counts.push_back(std::move(counts));
    t.requests.push_back(requests);
    t.seconds.push_back(static_cast<double>(end - start));
  }
  return t;
}

// p50/p95/p99 (interpolated within the coarse bucket) and the mean of a dense coarse histogram.
std::array<double, 4> latency_statistics(const time_blocks& t, const std::vector<double>& counts, double total) {
  std::array<double, 4> out{};
  const double ranks[3] = {std::ceil(0.50 * total), std::ceil(0.95 * total), std::ceil(0.99 * total)};
  double cumulative = 0, sum = 0;
  std::size_t next = 0;
  for (std::size_t b = 0; b < counts.size(); ++b) {
    if (counts[b] == 0) continue;
    while (next < 3 && cumulative + counts[b] >= std::max(1.0, ranks[next])) {
      const double f = std::clamp((std::max(1.0, ranks[next]) - cumulative - 0.5) / counts[b], 0.0, 1.0);
      out[next++] = t.low[b] + f * t.width[b];
    }
    cumulative += counts[b];
    sum += counts[b] * t.mid[b];
  }
  out[3] = sum / total;
  return out;
}

// Variance of the log statistics over block resamples: [p50, p95, p99, mean, rps]; -1 = not available.
std::array<double, 5> block_variances(const endpoint_sample& e, std::size_t length, int iterations, random_source& rng) {
  std::array<double, 5> out{-1, -1, -1, -1, -1};
  const time_blocks t = cut_blocks(e, length);
  const std::size_t blocks = t.requests.size();
  const bool latency = !t.low.empty();
  std::vector<double> all(t.low.size(), 0.0);
  double all_requests = 0, all_seconds = 0;
  for (std::size_t b = 0; b < blocks; ++b) {
    for (std::size_t k = 0; k < all.size(); ++k) all[k] += t.counts[b][k];
    all_requests += t.requests[b];
    all_seconds += t.seconds[b];
  }
  double latency_total = 0;
  for (double c : all) latency_total += c;
  if (all_requests <= 0) return out;
  const auto reference = latency && latency_total > 0 ? latency_statistics(t, all, latency_total) : std::array<double, 4>{};
  std::array<std::vector<double>, 5> logs;
  std::vector<double> counts(all.size());
  for (int i = 0; i < iterations; ++i) {
    std::fill(counts.begin(), counts.end(), 0.0);
    double requests = 0, seconds = 0, total = 0;
    for (std::size_t j = 0; j < blocks; ++j) {
      const std::size_t b = rng.below(blocks);
      requests += t.requests[b];
      seconds += t.seconds[b];
      if (latency) {
        for (std::size_t k = 0; k < counts.size(); ++k) counts[k] += t.counts[b][k];
      }
    }
    if (requests > 0) logs[4].push_back(std::log(requests / seconds * all_seconds / all_requests));
    for (double c : counts) total += c;
    if (!latency || total <= 0 || latency_total <= 0) continue;  // a resample of idle seconds: no latency
    const auto stats = latency_statistics(t, counts, total);
    for (std::size_t m = 0; m < 4; ++m) logs[m].push_back(std::log(stats[m] / reference[m]));
  }
  for (std::size_t m = 0; m < 5; ++m) {
    if (logs[m].size() >= static_cast<std::size_t>(iterations) / 2) out[m] = robust_variance(logs[m]);
  }
  return out;
}

// The stream metrics of a run that streamed (see within_run.hpp for the variances).
void add_stream_points(within_run_estimate& r, const endpoint_sample::stream_part& st, int iterations,
                       random_source& rng) {
  for (auto m : stream_compare_metrics) {
    if (!is_stream_time(m)) continue;
    const bool itl = m == compare_metric::itl_p99;
    const bool tpot = m == compare_metric::tpot_p50 || m == compare_metric::tpot_p99;
    const auto& h = itl ? st.itl : tpot ? st.tpot : st.ttft;
    if (!h || h->count() == 0) continue;
    const double samples = itl ? static_cast<double>(std::max<std::uint64_t>(1, st.streams)) : static_cast<double>(h->count());
    auto& p = r.points[static_cast<std::size_t>(m)];
    p.present = true;
    p.log_value = std::log(std::max(1.0, static_cast<double>(h->value_at_percentile(percentile_of(m)))));
    p.within_variance = request_quantile_variance(*h, percentile_of(m), iterations, rng, samples);
  }
  if (st.tokens > 0) {
    auto& p = r.points[static_cast<std::size_t>(compare_metric::output_tokens_per_s)];
    p.present = true;
    p.log_value = std::log(st.output_tokens_per_s);
    p.within_variance = r.points[static_cast<std::size_t>(compare_metric::rps)].within_variance;
  }
}

}  // namespace

within_run_estimate estimate_within_run(const endpoint_sample& e, std::uint64_t run_requests, int iterations,
                                        random_source& rng) {
  within_run_estimate r;
  if (!e.latency || e.latency->count() == 0 || e.requests == 0) return r;
  r.has_data = true;
  const hdr_histogram& h = *e.latency;
  const std::size_t seconds = e.per_second.size();
  std::array<double, 5> blocks{-1, -1, -1, -1, -1};
  if (seconds >= min_block_seconds) {
    // cbrt(S) seconds per block (the usual rate for block bootstraps), but at least 8 blocks when the run
    // has that many seconds: a bootstrap over 2 or 3 blocks says little.
    const auto cube_root = static_cast<std::size_t>(std::lround(std::cbrt(static_cast<double>(seconds))));
    r.block_seconds = std::max<std::size_t>(1, std::min(cube_root, seconds / 8));
    blocks = block_variances(e, r.block_seconds, iterations, rng);
  }
  for (auto m : {compare_metric::p50, compare_metric::p95, compare_metric::p99}) {
    auto& p = r.points[static_cast<std::size_t>(m)];
    p.log_value = std::log(std::max(1.0, static_cast<double>(h.value_at_percentile(percentile_of(m)))));
    p.present = true;
    p.within_variance = std::max(request_quantile_variance(h, percentile_of(m), iterations, rng,
                                                           static_cast<double>(h.count())),
                                 blocks[static_cast<std::size_t>(m)]);
  }
  auto& mean = r.points[static_cast<std::size_t>(compare_metric::mean)];
  mean.present = true;
  mean.log_value = std::log(std::max(1.0, h.mean()));
  mean.within_variance = std::max(request_mean_variance(h), blocks[static_cast<std::size_t>(compare_metric::mean)]);
  auto& rps = r.points[static_cast<std::size_t>(compare_metric::rps)];
  rps.present = true;
  rps.log_value = std::log(std::max(e.rps, 1e-9));
  // An endpoint's share of a run's requests is binomial: variance (1 - p) / n on the log scale, 0 for the
  // whole run (whose count an open model fixes). Time blocks may show more (stalls); never less.
  const double share =
      run_requests > 0 ? std::min(1.0, static_cast<double>(e.requests) / static_cast<double>(run_requests)) : 1;
  const double binomial = (1 - share) / static_cast<double>(e.requests);
  const double block_rps = blocks[static_cast<std::size_t>(compare_metric::rps)];
  rps.within_variance = std::max(binomial, block_rps);
  if (e.stream) add_stream_points(r, *e.stream, iterations, rng);
  return r;
}

}  // namespace ragbench::loadgen
