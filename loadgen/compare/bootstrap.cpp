// Two-stage bootstrap over runs and requests (see bootstrap.hpp for the method).
#include "loadgen/compare/bootstrap.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace ragbench::loadgen {

histogram_blocks::histogram_blocks(const std::vector<const hdr_histogram*>& runs) {
  std::map<std::size_t, std::size_t> position;  // hdr bucket index -> dense position
  for (const auto* h : runs) {
    h->for_each_bucket([&](const hdr_histogram::bucket& b) { position.emplace(b.index, 0); });
  }
  std::size_t next = 0;
  for (auto& [index, pos] : position) {
    pos = next++;
    midpoints_.push_back(hdr_histogram::midpoint_of(index));
  }
  for (const auto* h : runs) {
    std::vector<std::uint64_t> counts(midpoints_.size(), 0);
    double m2 = 0;
    const double mean = h->mean();
    h->for_each_bucket([&](const hdr_histogram::bucket& b) {
      counts[position[b.index]] = b.count;
      const double d = static_cast<double>(hdr_histogram::midpoint_of(b.index)) - mean;
      m2 += static_cast<double>(b.count) * d * d;
    });
    counts_.push_back(std::move(counts));
    run_count_.push_back(h->count());
    run_min_.push_back(h->min());
    run_max_.push_back(h->max());
    run_mean_.push_back(mean);
    run_m2_.push_back(m2);
    merged_.add(*h);
    total_ += h->count();
  }
}

double histogram_blocks::quantile(double percentile) const {
  return static_cast<double>(merged_.value_at_percentile(percentile));
}

double histogram_blocks::mean() const { return merged_.mean(); }

std::vector<std::uint32_t> histogram_blocks::pick_runs(random_source& rng) const {
  std::vector<std::uint32_t> times(counts_.size(), 0);
  if (counts_.size() == 1) {
    times[0] = 1;
  } else {
    for (std::size_t i = 0; i < counts_.size(); ++i) ++times[rng.below(counts_.size())];
  }
  return times;
}

double histogram_blocks::draw_quantile(double percentile, random_source& rng) const {
  const auto times = pick_runs(rng);
  std::uint64_t n = 0, lo = UINT64_MAX, hi = 0;
  for (std::size_t r = 0; r < times.size(); ++r) {
    if (times[r] == 0 || run_count_[r] == 0) continue;
    n += times[r] * run_count_[r];
    lo = std::min(lo, run_min_[r]);
    hi = std::max(hi, run_max_[r]);
  }
  if (n == 0) return std::nan("");
  // Rank as in hdr_histogram::value_at_percentile: the ceil(q * n)-th smallest, at least the first.
  const double k = std::clamp(std::ceil(percentile / 100 * static_cast<double>(n)), 1.0, static_cast<double>(n));
  const double target = rng.beta(k, static_cast<double>(n) - k + 1) * static_cast<double>(n);
  double cumulative = 0;
  std::size_t b = 0;
  for (; b < midpoints_.size(); ++b) {
    for (std::size_t r = 0; r < times.size(); ++r) {
      if (times[r] != 0) cumulative += static_cast<double>(times[r]) * static_cast<double>(counts_[r][b]);
    }
    if (cumulative >= target) break;
  }
  b = std::min(b, midpoints_.size() - 1);
  return static_cast<double>(std::clamp(midpoints_[b], lo, hi));
}

double histogram_blocks::draw_mean(random_source& rng) const {
  const auto times = pick_runs(rng);
  double n = 0, sum = 0;
  for (std::size_t r = 0; r < times.size(); ++r) {
    n += times[r] * static_cast<double>(run_count_[r]);
    sum += times[r] * static_cast<double>(run_count_[r]) * run_mean_[r];
  }
  if (n == 0) return std::nan("");
  const double mean = sum / n;
  double m2 = 0;  // pooled sum of squared deviations (parallel-variance formula)
  for (std::size_t r = 0; r < times.size(); ++r) {
    const double d = run_mean_[r] - mean;
    m2 += times[r] * (run_m2_[r] + static_cast<double>(run_count_[r]) * d * d);
  }
  const double standard_error = std::sqrt(m2 / n / n);
  return mean + standard_error * rng.normal();
}

throughput_blocks::throughput_blocks(std::vector<run> runs) : runs_(std::move(runs)) {
  for (const auto& r : runs_) {
    double sum = 0;
    for (double s : r.per_second) sum += s;
    second_mean_.push_back(r.per_second.empty() ? 0 : sum / static_cast<double>(r.per_second.size()));
  }
}

double throughput_blocks::point() const {
  if (runs_.empty()) return 0;
  double sum = 0;
  for (const auto& r : runs_) sum += r.rps;
  return sum / static_cast<double>(runs_.size());
}

double throughput_blocks::draw(random_source& rng) const {
  if (runs_.empty()) return 0;
  double sum = 0;
  for (std::size_t i = 0; i < runs_.size(); ++i) {
    const std::size_t r = runs_.size() == 1 ? 0 : rng.below(runs_.size());
    const auto& seconds = runs_[r].per_second;
    double factor = 1;
    if (seconds.size() >= 3 && second_mean_[r] > 0) {
      double resampled = 0;
      for (std::size_t s = 0; s < seconds.size(); ++s) resampled += seconds[rng.below(seconds.size())];
      factor = resampled / static_cast<double>(seconds.size()) / second_mean_[r];
    }
    sum += runs_[r].rps * factor;
  }
  return sum / static_cast<double>(runs_.size());
}

namespace {

double relative(double baseline, double candidate) {
  if (baseline > 0) return (candidate - baseline) / baseline;
  if (candidate > 0) return 1e9;
  if (candidate < 0) return -1e9;
  return 0;
}

// Linear interpolation between order statistics of a sorted vector, q in [0, 1].
double sorted_quantile(const std::vector<double>& v, double q) {
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto i = static_cast<std::size_t>(std::floor(pos));
  const std::size_t j = std::min(i + 1, v.size() - 1);
  return v[i] + (v[j] - v[i]) * (pos - static_cast<double>(i));
}

}  // namespace

change_interval bootstrap_change(double baseline, double candidate,
                                 const std::function<double(random_source&)>& draw_baseline,
                                 const std::function<double(random_source&)>& draw_candidate,
                                 int iterations, double confidence, random_source& rng) {
  change_interval c;
  c.baseline = baseline;
  c.candidate = candidate;
  c.change = baseline > 0 ? (candidate - baseline) / baseline : relative(baseline, candidate);
  c.abs_change = candidate - baseline;
  std::vector<double> rel, abs;
  const auto n = static_cast<std::size_t>(std::max(iterations, 1));
  rel.reserve(n);
  abs.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double b = draw_baseline(rng);
    const double k = draw_candidate(rng);
    if (std::isnan(b) || std::isnan(k)) continue;  // statistic undefined for this resample
    rel.push_back(relative(b, k));
    abs.push_back(k - b);
  }
  if (rel.size() < n / 2) {  // mostly undefined: no interval, so never a verdict
    c.low = c.abs_low = -1e9;
    c.high = c.abs_high = 1e9;
    return c;
  }
  std::sort(rel.begin(), rel.end());
  std::sort(abs.begin(), abs.end());
  const double tail = (1 - confidence) / 2;
  c.low = sorted_quantile(rel, tail);
  c.high = sorted_quantile(rel, 1 - tail);
  c.abs_low = sorted_quantile(abs, tail);
  c.abs_high = sorted_quantile(abs, 1 - tail);
  return c;
}

}  // namespace ragbench::loadgen
