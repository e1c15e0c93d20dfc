// Due-time bookkeeping for the open model.
#include "loadgen/engine/arrival_pacer.hpp"

namespace ragbench::loadgen {

arrival_pacer::arrival_pacer(arrival_schedule schedule, const clock_source& clock,
                             clock_source::time_point run_start, std::chrono::nanoseconds late_after)
    : schedule_(std::move(schedule)), clock_(clock), run_start_(run_start), late_after_(late_after) {
  advance();
}

void arrival_pacer::advance() {
  auto offset = schedule_.next();
  if (offset) next_ = run_start_ + *offset;
  else next_.reset();
}

std::optional<due_arrival> arrival_pacer::take_due() {
  if (!next_) return std::nullopt;
  auto now = clock_.now();
  if (*next_ > now) return std::nullopt;
  due_arrival d{*next_, now - *next_ > late_after_};
  advance();
  return d;
}

}  // namespace ragbench::loadgen
