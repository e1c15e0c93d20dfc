#pragma once
// The live side of loadgen run: --web ADDR (the live page, its event stream, the stop button,
// summary.json after the run) and --metrics-listen ADDR (Prometheus text at /metrics), both served
// by one live_listener (one address when both are the same). The command feeds it the engine's
// progress ticks and, at the end, the run's result; the final event ("done":true) and the final
// metrics are published then, and the listener closes when the live_view is destroyed (when loadgen
// exits, after the reports are written; event streams get up to a second to take the final event).
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "loadgen/engine/engine_options.hpp"
#include "loadgen/live/live_options.hpp"
#include "loadgen/live/live_event.hpp"
#include "loadgen/live/live_metrics.hpp"
#include "loadgen/report/run_result.hpp"

namespace ragbench::loadgen {

class live_listener;

class live_view {
 public:
  // Binds the addresses (throws std::runtime_error naming the flag when one cannot be bound) and
  // starts the listener's thread. `on_stop`: POST /stop (on the listener's thread; must be
  // thread-safe, e.g. interrupt_watch::stop_from_web).
  live_view(const live_options& o, std::function<void()> on_stop);
  ~live_view();
  live_view(const live_view&) = delete;
  live_view& operator=(const live_view&) = delete;

  // "http://127.0.0.1:8089/" and "http://127.0.0.1:9100/metrics" as bound; "" when not served.
  const std::string& page_url() const { return page_url_; }
  const std::string& metrics_url() const { return metrics_url_; }
  // The metrics need per-endpoint figures in each tick (engine_options::per_endpoint_progress).
  bool wants_endpoint_progress() const { return metrics_on_; }

  // One engine progress tick (the engine's controlling thread): an event, and the metrics.
  void update(const progress_view& p);
  // The run is over: summary.json, the final metrics and the final event. `elapsed`: how long the
  // load ran (the stop time of an interrupted run).
  void finish(const run_result& run, std::chrono::nanoseconds elapsed);

 private:
  std::unique_ptr<live_listener> listener_;
  std::string page_url_, metrics_url_;
  bool web_on_ = false, metrics_on_ = false;
  live_event_builder events_;
  live_metrics last_metrics_;
};

}  // namespace ragbench::loadgen
