// Arrival offsets by inverting the integrated, piecewise-linear rate profile.
#include "loadgen/engine/arrival_schedule.hpp"

#include <cmath>
#include <stdexcept>

namespace ragbench::loadgen {

arrival_schedule::arrival_schedule(const open_load& load, std::uint64_t seed, unsigned stride, unsigned first)
    : rng_(seed), stride_(stride == 0 ? 1 : stride), first_(first % (stride == 0 ? 1 : stride)) {
  std::vector<rate_stage> stages = load.stages;
  poisson_ = load.arrival == arrival_kind::poisson;
  if (load.arrival != arrival_kind::ramping) stages = {rate_stage{load.duration, load.rate_per_s}};
  if (stages.empty()) throw std::invalid_argument("arrival schedule: no stages");
  double t = 0, r = load.arrival == arrival_kind::ramping ? 0.0 : load.rate_per_s, cum = 0;
  for (const auto& s : stages) {
    if (s.duration.count() <= 0) throw std::invalid_argument("arrival schedule: stage duration must be > 0");
    if (!(s.target_rate_per_s >= 0) || !std::isfinite(s.target_rate_per_s))
      throw std::invalid_argument("arrival schedule: rate must be a finite number >= 0");
    double d = std::chrono::duration<double>(s.duration).count();
    segments_.push_back({t, t + d, r, s.target_rate_per_s, cum});
    cum += (r + s.target_rate_per_s) / 2 * d;
    t += d;
    r = s.target_rate_per_s;
    duration_ += s.duration;
  }
  cum_ = poisson_ ? 0.0 : -1.0;
}

double arrival_schedule::expected_total() const {
  const auto& s = segments_.back();
  return s.cum0 + (s.r0 + s.r1) / 2 * (s.t1_s - s.t0_s);
}

double arrival_schedule::rate_at(std::chrono::nanoseconds t) const {
  double ts = std::chrono::duration<double>(t).count();
  for (const auto& s : segments_)
    if (ts >= s.t0_s && ts < s.t1_s) return s.r0 + (s.r1 - s.r0) * (ts - s.t0_s) / (s.t1_s - s.t0_s);
  return 0;
}

std::optional<double> arrival_schedule::invert(double c) {
  for (; seg_ < segments_.size(); ++seg_) {
    const auto& s = segments_[seg_];
    double len = s.t1_s - s.t0_s;
    double area = (s.r0 + s.r1) / 2 * len;
    double want = c - s.cum0;
    if (want >= area) continue;
    // Solve r0 x + (r1 - r0) / (2 len) x^2 = want in the stable form x = 2w / (b + sqrt(b^2 + 4aw)).
    double a = (s.r1 - s.r0) / (2 * len), b = s.r0;
    double disc = std::max(0.0, b * b + 4 * a * want);
    double denom = b + std::sqrt(disc);
    double x = denom > 0 ? 2 * want / denom : 0;
    return s.t0_s + std::min(x, len);
  }
  return std::nullopt;
}

std::optional<double> arrival_schedule::next_global() {
  cum_ += poisson_ ? exp_(rng_) : 1.0;
  ++index_;
  return invert(cum_);
}

std::optional<std::chrono::nanoseconds> arrival_schedule::next() {
  // Skip the arrivals that belong to other workers (they still consume the shared random stream).
  while ((index_ % stride_) != first_) {
    if (!next_global()) return std::nullopt;
  }
  auto t = next_global();
  if (!t) return std::nullopt;
  return std::chrono::nanoseconds(static_cast<std::int64_t>(*t * 1e9));
}

}  // namespace ragbench::loadgen
