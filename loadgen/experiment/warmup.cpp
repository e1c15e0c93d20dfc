// The ab warm-up: lengthen the load so the measured part stays what the scenario asked for.
#include "loadgen/experiment/warmup.hpp"

#include <stdexcept>

namespace ragbench::loadgen {

scenario with_warmup(scenario s, std::chrono::nanoseconds warmup) {
  const std::chrono::nanoseconds old = s.warmup.value_or(std::chrono::nanoseconds(0));
  if (auto* c = std::get_if<closed_load>(&s.load.shape)) {
    c->duration = c->duration - old + warmup;
  } else {
    auto& o = std::get<open_load>(s.load.shape);
    if (o.arrival == arrival_kind::ramping) {
      if (warmup >= o.duration)
        throw std::invalid_argument("the warm-up must be shorter than the ramping load's stages");
    } else {
      o.duration = o.duration - old + warmup;
    }
  }
  if (warmup.count() > 0) s.warmup = warmup;
  else s.warmup.reset();
  return s;
}

}  // namespace ragbench::loadgen
