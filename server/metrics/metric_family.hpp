#pragma once
// A named metric with a fixed list of label names and one child series per distinct tuple of label
// values. Children live as long as the family (which lives as long as the registry), so the
// reference returned by labels() is a stable handle: look it up once, keep it, and the hot path
// never touches the family's mutex again.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ragbench::server {

template <class Metric>
class metric_family {
 public:
  using factory = std::function<std::unique_ptr<Metric>()>;

  metric_family(std::string name, std::string help, std::vector<std::string> label_names, factory make)
      : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)),
        make_(std::move(make)) {}

  const std::string& name() const { return name_; }
  const std::string& help() const { return help_; }
  const std::vector<std::string>& label_names() const { return label_names_; }

  // The child for these label values (created on first use), in the order of label_names().
  // Throws std::invalid_argument when the number of values differs from the number of names.
  // Thread-safe; takes the family mutex and costs a map lookup: cache the returned reference.
  Metric& labels(const std::vector<std::string>& values) {
    if (values.size() != label_names_.size()) {
      throw std::invalid_argument("metric '" + name_ + "' takes " + std::to_string(label_names_.size()) +
                                  " label value(s), got " + std::to_string(values.size()));
    }
    std::lock_guard lock(mutex_);
    auto& slot = children_[values];
    if (!slot) slot = make_();
    return *slot;
  }
  Metric& labels(std::initializer_list<std::string_view> values) {
    return labels(std::vector<std::string>(values.begin(), values.end()));
  }

  // Calls fn(label_values, metric) for every child, ordered by label values. Holds the family
  // mutex meanwhile, so fn must not call labels() on this family.
  template <class Fn>
  void for_each(Fn&& fn) const {
    std::lock_guard lock(mutex_);
    for (const auto& [values, child] : children_) fn(values, *child);
  }

 private:
  std::string name_;
  std::string help_;
  std::vector<std::string> label_names_;
  factory make_;
  mutable std::mutex mutex_;
  std::map<std::vector<std::string>, std::unique_ptr<Metric>> children_;
};

}  // namespace ragbench::server
