// live_view: options -> listener bindings; ticks -> events and metrics; the run's end -> final ones.
#include "loadgen/live/live_view.hpp"

#include <nlohmann/json.hpp>

#include "loadgen/live/live_listener.hpp"
#include "loadgen/live/live_page.hpp"
#include "loadgen/live/prometheus_text.hpp"
#include "loadgen/report/summary_json.hpp"

namespace ragbench::loadgen {

live_view::live_view(const live_options& o, std::function<void()> on_stop)
    : web_on_(o.web.has_value()), metrics_on_(o.metrics.has_value()) {
  std::vector<live_listener::binding> bindings;
  if (o.web) bindings.push_back({*o.web, route_set{true, false}, "--web " + o.web->text});
  if (o.metrics) {
    if (o.web && *o.web == *o.metrics) {
      bindings.back().routes.metrics = true;
      bindings.back().what += " (and --metrics-listen)";
    } else {
      bindings.push_back({*o.metrics, route_set{false, true}, "--metrics-listen " + o.metrics->text});
    }
  }
  listener_ = std::make_unique<live_listener>(bindings, live_page_html(), std::move(on_stop));
  const auto& bound = listener_->endpoints();
  if (web_on_) page_url_ = url_of(bound.front()) + "/";
  if (metrics_on_) metrics_url_ = url_of(bound.back()) + "/metrics";
  if (metrics_on_) listener_->set_metrics(prometheus_text(last_metrics_));
}

live_view::~live_view() = default;

void live_view::update(const progress_view& p) {
  if (web_on_) listener_->publish(to_json(events_.next(p)), false);
  if (metrics_on_) {
    last_metrics_ = metrics_of(p);
    listener_->set_metrics(prometheus_text(last_metrics_));
  }
}

void live_view::finish(const run_result& run, std::chrono::nanoseconds elapsed) {
  if (metrics_on_) listener_->set_metrics(prometheus_text(final_metrics(run, elapsed, last_metrics_)));
  if (web_on_) {
    listener_->set_summary(to_summary_json(run).dump(2));  // posted first: served once "done" is seen
    listener_->publish(to_json(events_.final_event(run, elapsed)), true);
  }
}

}  // namespace ragbench::loadgen
