#pragma once
// The open model's arrival schedule: the intended start offsets (from the run start) of iterations,
// for a constant rate, linearly ramping stages, or a Poisson process over either. Pure: no clock,
// no I/O; the same inputs always give the same offsets.
//
// Method: the rate profile r(t) is piecewise linear, so its integral L(t) (expected arrivals by t)
// is piecewise quadratic and invertible in closed form. Arrival k happens when L(t) reaches c_k,
// with c_k = k (evenly paced, first arrival at t = 0) or c_k = E_1 + ... + E_k, E_i ~ Exp(1)
// (Poisson: exponential gaps of mean 1/rate, time-varying rate handled exactly).
// Thread split: worker i of n takes arrivals i, i+n, i+2n... of the one global schedule, so the
// workers together realise exactly the global schedule.
#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <vector>

#include "loadgen/scenario/scenario.hpp"

namespace ragbench::loadgen {

class arrival_schedule {
 public:
  // `load` must be valid (rates >= 0, durations > 0); throws std::invalid_argument otherwise.
  // `seed` drives the Poisson draws. Takes every `stride`-th arrival starting at `first`.
  arrival_schedule(const open_load& load, std::uint64_t seed, unsigned stride = 1, unsigned first = 0);

  // Offset of the next arrival from the run start; nullopt once past the schedule's duration.
  // Amortised O(stride) per call.
  std::optional<std::chrono::nanoseconds> next();

  std::chrono::nanoseconds duration() const { return duration_; }
  // Expected arrivals over the whole schedule (all workers together).
  double expected_total() const;
  // The configured rate at offset t (per second, all workers together).
  double rate_at(std::chrono::nanoseconds t) const;

 private:
  struct segment {
    double t0_s, t1_s, r0, r1, cum0;  // start/end (s), rates at both ends (1/s), L(t0)
  };
  std::optional<double> invert(double c);  // time (s) at which L reaches c; nullopt when past the end
  std::optional<double> next_global();

  std::vector<segment> segments_;
  std::chrono::nanoseconds duration_{0};
  bool poisson_ = false;
  std::mt19937_64 rng_;
  std::exponential_distribution<double> exp_{1.0};
  double cum_ = 0;          // c of the previous arrival
  std::uint64_t index_ = 0; // global index of the next arrival
  std::size_t seg_ = 0;     // segment search hint (c only grows)
  unsigned stride_, first_;
};

}  // namespace ragbench::loadgen
