// Registry of metric families and their Prometheus text rendering.
#include "server/metrics/metrics_registry.hpp"

#include <stdexcept>

#include "server/metrics/text_format.hpp"

namespace ragbench::server {

struct metrics_registry::entry {
  std::string name;
  std::string help;
  metric_type type = metric_type::counter;
  std::vector<std::string> label_names;
  std::vector<double> bounds;
  std::unique_ptr<counter_family> counters;
  std::unique_ptr<gauge_family> gauges;
  std::unique_ptr<histogram_family> histograms;
  std::function<std::vector<labelled_value>()> callback;
};

namespace {

std::string_view type_name(metric_type type) {
  switch (type) {
    case metric_type::counter: return "counter";
    case metric_type::gauge: return "gauge";
    case metric_type::histogram: return "histogram";
  }
  return "untyped";
}

void append_header(std::string& out, const std::string& name, const std::string& help, metric_type type) {
  out += "# HELP " + name + ' ' + escape_help(help) + '\n';
  out += "# TYPE " + name + ' ';
  out += type_name(type);
  out += '\n';
}

void append_histogram(std::string& out, const std::string& name, const std::vector<std::string>& names,
                      const std::vector<std::string>& values, const histogram_snapshot& snap) {
  for (std::size_t i = 0; i < snap.cumulative.size(); ++i) {
    const std::string le = i < snap.bounds.size() ? format_value(snap.bounds[i]) : "+Inf";
    out += name + "_bucket" + format_labels(names, values, "le", le) + ' ' + format_value(snap.cumulative[i]) + '\n';
  }
  const std::string labels = format_labels(names, values);
  out += name + "_sum" + labels + ' ' + format_value(snap.sum) + '\n';
  out += name + "_count" + labels + ' ' + format_value(snap.count) + '\n';
}

}  // namespace

metrics_registry::metrics_registry() = default;
metrics_registry::~metrics_registry() = default;

metrics_registry::entry* metrics_registry::find_locked(std::string_view name) {
  for (auto& e : entries_) {
    if (e->name == name) return e.get();
  }
  return nullptr;
}

void metrics_registry::check_new_name(const std::string& name, const std::vector<std::string>& label_names,
                                      metric_type type) const {
  if (!is_valid_metric_name(name)) throw std::invalid_argument("invalid metric name '" + name + "'");
  for (std::size_t i = 0; i < label_names.size(); ++i) {
    const auto& label = label_names[i];
    if (!is_valid_label_name(label)) {
      throw std::invalid_argument("metric '" + name + "': invalid label name '" + label + "'");
    }
    if (type == metric_type::histogram && label == "le") {
      throw std::invalid_argument("metric '" + name + "': label name 'le' is reserved for histogram buckets");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (label_names[j] == label) throw std::invalid_argument("metric '" + name + "': duplicate label '" + label + "'");
    }
  }
}

metrics_registry::counter_family& metrics_registry::add_counter(std::string name, std::string help,
                                                                std::vector<std::string> label_names) {
  std::lock_guard lock(mutex_);
  if (entry* e = find_locked(name)) {
    if (e->counters && e->label_names == label_names) return *e->counters;
    throw std::invalid_argument("metric '" + name + "' is already registered with another type or labels");
  }
  check_new_name(name, label_names, metric_type::counter);
  auto e = std::make_unique<entry>();
  e->name = name;
  e->help = help;
  e->type = metric_type::counter;
  e->label_names = label_names;
  e->counters = std::make_unique<counter_family>(std::move(name), std::move(help), std::move(label_names),
                                                 [] { return std::make_unique<counter>(); });
  entries_.push_back(std::move(e));
  return *entries_.back()->counters;
}

metrics_registry::gauge_family& metrics_registry::add_gauge(std::string name, std::string help,
                                                            std::vector<std::string> label_names) {
  std::lock_guard lock(mutex_);
  if (entry* e = find_locked(name)) {
    if (e->gauges && e->label_names == label_names) return *e->gauges;
    throw std::invalid_argument("metric '" + name + "' is already registered with another type or labels");
  }
  check_new_name(name, label_names, metric_type::gauge);
  auto e = std::make_unique<entry>();
  e->name = name;
  e->help = help;
  e->type = metric_type::gauge;
  e->label_names = label_names;
  e->gauges = std::make_unique<gauge_family>(std::move(name), std::move(help), std::move(label_names),
                                             [] { return std::make_unique<gauge>(); });
  entries_.push_back(std::move(e));
  return *entries_.back()->gauges;
}

metrics_registry::histogram_family& metrics_registry::add_histogram(std::string name, std::string help,
                                                                    std::vector<std::string> label_names,
                                                                    std::vector<double> bounds) {
  std::lock_guard lock(mutex_);
  if (entry* e = find_locked(name)) {
    if (e->histograms && e->label_names == label_names && e->bounds == bounds) return *e->histograms;
    throw std::invalid_argument("metric '" + name + "' is already registered with another type, labels or buckets");
  }
  check_new_name(name, label_names, metric_type::histogram);
  histogram probe(bounds);  // validates the bounds before anything is registered
  auto e = std::make_unique<entry>();
  e->name = name;
  e->help = help;
  e->type = metric_type::histogram;
  e->label_names = label_names;
  e->bounds = bounds;
  e->histograms = std::make_unique<histogram_family>(
      std::move(name), std::move(help), std::move(label_names),
      [bounds = std::move(bounds)] { return std::make_unique<histogram>(bounds); });
  entries_.push_back(std::move(e));
  return *entries_.back()->histograms;
}

void metrics_registry::add_callback(std::string name, std::string help, metric_type type,
                                    std::vector<std::string> label_names,
                                    std::function<std::vector<labelled_value>()> fn) {
  if (type == metric_type::histogram) {
    throw std::invalid_argument("metric '" + name + "': callback metrics must be counters or gauges");
  }
  if (!fn) throw std::invalid_argument("metric '" + name + "': empty callback");
  std::lock_guard lock(mutex_);
  if (find_locked(name)) throw std::invalid_argument("metric '" + name + "' is already registered");
  check_new_name(name, label_names, type);
  auto e = std::make_unique<entry>();
  e->name = std::move(name);
  e->help = std::move(help);
  e->type = type;
  e->label_names = std::move(label_names);
  e->callback = std::move(fn);
  entries_.push_back(std::move(e));
}

void metrics_registry::add_callback_gauge(std::string name, std::string help, std::function<double()> fn) {
  if (!fn) throw std::invalid_argument("metric '" + name + "': empty callback");
  add_callback(std::move(name), std::move(help), metric_type::gauge, {},
               [fn = std::move(fn)] { return std::vector<labelled_value>{{{}, fn()}}; });
}

void metrics_registry::add_callback_counter(std::string name, std::string help, std::function<double()> fn) {
  if (!fn) throw std::invalid_argument("metric '" + name + "': empty callback");
  add_callback(std::move(name), std::move(help), metric_type::counter, {},
               [fn = std::move(fn)] { return std::vector<labelled_value>{{{}, fn()}}; });
}

void metrics_registry::add_callback_family(std::string name, std::string help, metric_type type,
                                           std::vector<std::string> label_names,
                                           std::function<std::vector<labelled_value>()> fn) {
  add_callback(std::move(name), std::move(help), type, std::move(label_names), std::move(fn));
}

bool metrics_registry::remove_callback(std::string_view name) {
  std::lock_guard lock(mutex_);
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if ((*it)->name == name && (*it)->callback) {
      entries_.erase(it);
      return true;
    }
  }
  return false;
}

std::string metrics_registry::render() const {
  std::string out;
  std::lock_guard lock(mutex_);
  for (const auto& e : entries_) {
    if (e->callback) {
      std::vector<labelled_value> samples;
      try {
        samples = e->callback();
      } catch (...) {
        continue;  // a failing probe must not take /metrics down
      }
      append_header(out, e->name, e->help, e->type);
      for (const auto& s : samples) {
        if (s.label_values.size() != e->label_names.size()) continue;
        out += e->name + format_labels(e->label_names, s.label_values) + ' ' + format_value(s.value) + '\n';
      }
      continue;
    }
    append_header(out, e->name, e->help, e->type);
    if (e->counters) {
      e->counters->for_each([&](const std::vector<std::string>& values, const counter& c) {
        out += e->name + format_labels(e->label_names, values) + ' ' + format_value(c.value()) + '\n';
      });
    } else if (e->gauges) {
      e->gauges->for_each([&](const std::vector<std::string>& values, const gauge& g) {
        out += e->name + format_labels(e->label_names, values) + ' ' + format_value(g.value()) + '\n';
      });
    } else if (e->histograms) {
      e->histograms->for_each([&](const std::vector<std::string>& values, const histogram& h) {
        append_histogram(out, e->name, e->label_names, values, h.snapshot());
      });
    }
  }
  return out;
}

}  // namespace ragbench::server
