#pragma once
// What loadgen run serves while it runs: --web ADDR and --metrics-listen ADDR (see live_view.hpp).
#include <optional>

#include "loadgen/live/listen_address.hpp"

namespace ragbench::loadgen {

struct live_options {
  std::optional<listen_address> web;      // --web: the live page, /events, POST /stop, /summary.json
  std::optional<listen_address> metrics;  // --metrics-listen: Prometheus text at /metrics
  bool any() const { return web || metrics; }
};

}  // namespace ragbench::loadgen
