#pragma once
// The set of metrics a process exposes on /metrics, rendered in the Prometheus text format 0.0.4.
//
// Usage: register a family once at start-up, look up the children you need, keep the references:
//   auto& requests = registry.add_counter("http_requests_total", "HTTP requests", {"route", "method", "status"});
//   counter& ok = requests.labels({"/v1/search", "POST", "200"});   // locks once; keep `ok`
//   ok.inc();                                                        // hot path: no lock, no contention
// Everything in base units (seconds, bytes). Registration and lookups take mutexes; increments and
// observations never do. Values read by callbacks are computed at render time.
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "server/metrics/counter.hpp"
#include "server/metrics/gauge.hpp"
#include "server/metrics/histogram.hpp"
#include "server/metrics/metric_family.hpp"

namespace ragbench::server {

// The Content-Type to send with render()'s output.
inline constexpr std::string_view k_prometheus_content_type = "text/plain; version=0.0.4; charset=utf-8";

enum class metric_type { counter, gauge, histogram };

// One sample produced by a labelled callback: values in the order of the family's label names.
struct labelled_value {
  std::vector<std::string> label_values;
  double value = 0;
};

class metrics_registry {
 public:
  using counter_family = metric_family<counter>;
  using gauge_family = metric_family<gauge>;
  using histogram_family = metric_family<histogram>;

  metrics_registry();
  ~metrics_registry();
  metrics_registry(const metrics_registry&) = delete;
  metrics_registry& operator=(const metrics_registry&) = delete;

  // Register a family. Registering the same name again with the same type, label names (and
  // bounds) returns the existing family, so independent components may share one. Throws
  // std::invalid_argument for an invalid metric or label name ("le" is reserved for histograms),
  // or for a name already used with a different type/labels. Thread-safe.
  counter_family& add_counter(std::string name, std::string help, std::vector<std::string> label_names = {});
  gauge_family& add_gauge(std::string name, std::string help, std::vector<std::string> label_names = {});
  histogram_family& add_histogram(std::string name, std::string help, std::vector<std::string> label_names = {},
                                  std::vector<double> bounds = default_latency_buckets());

  // Unlabelled shortcuts: the family's single child.
  counter& simple_counter(std::string name, std::string help) { return add_counter(std::move(name), std::move(help)).labels({}); }
  gauge& simple_gauge(std::string name, std::string help) { return add_gauge(std::move(name), std::move(help)).labels({}); }
  histogram& simple_histogram(std::string name, std::string help, std::vector<double> bounds = default_latency_buckets()) {
    return add_histogram(std::move(name), std::move(help), {}, std::move(bounds)).labels({});
  }

  // Metrics whose value is computed by fn at render time (pool sizes, index size, queue depth,
  // process stats). fn runs on the rendering thread while the registry mutex is held: it must be
  // thread-safe, cheap, must not call back into this registry, and must stay callable until
  // remove_callback(name) or the registry's destruction. If fn throws, that metric is left out
  // of the output. Same name rules as above; re-registering a callback name throws.
  void add_callback_gauge(std::string name, std::string help, std::function<double()> fn);
  void add_callback_counter(std::string name, std::string help, std::function<double()> fn);
  void add_callback_family(std::string name, std::string help, metric_type type,
                           std::vector<std::string> label_names,
                           std::function<std::vector<labelled_value>()> fn);
  // Removes a callback metric (e.g. when its owner shuts down). Returns false if there is none.
  bool remove_callback(std::string_view name);

  // The whole exposition, families in registration order, children ordered by label values.
  // Thread-safe; cost proportional to the number of series (not for the hot path).
  std::string render() const;

 private:
  struct entry;
  entry* find_locked(std::string_view name);
  void check_new_name(const std::string& name, const std::vector<std::string>& label_names, metric_type type) const;
  void add_callback(std::string name, std::string help, metric_type type, std::vector<std::string> label_names,
                    std::function<std::vector<labelled_value>()> fn);

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<entry>> entries_;
};

}  // namespace ragbench::server
