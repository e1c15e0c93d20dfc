#pragma once
// Turns an arrival_schedule into due start times against a clock: the open model's event loop asks
// "what is due now?" and "when is the next one?". Pure logic over clock_source, so it is tested
// against fake_clock. Not thread-safe (one per worker).
#include <chrono>
#include <optional>

#include "common/clock.hpp"
#include "loadgen/engine/arrival_schedule.hpp"

namespace ragbench::loadgen {

struct due_arrival {
  clock_source::time_point intended;  // when the iteration should have started
  bool late = false;                   // taken more than the lateness bound after `intended`
};

class arrival_pacer {
 public:
  // `late_after`: an arrival taken later than this after its intended time counts as late.
  arrival_pacer(arrival_schedule schedule, const clock_source& clock, clock_source::time_point run_start,
                std::chrono::nanoseconds late_after);

  // The next arrival not yet taken; nullopt when the schedule is exhausted. O(1).
  std::optional<clock_source::time_point> next_intended() const { return next_; }
  // Takes the next arrival if it is due (intended <= clock.now()). Amortised O(1).
  std::optional<due_arrival> take_due();
  bool finished() const { return !next_.has_value(); }
  clock_source::time_point end_time() const { return run_start_ + schedule_.duration(); }

 private:
  void advance();

  arrival_schedule schedule_;
  const clock_source& clock_;
  clock_source::time_point run_start_;
  std::chrono::nanoseconds late_after_;
  std::optional<clock_source::time_point> next_;
};

}  // namespace ragbench::loadgen
