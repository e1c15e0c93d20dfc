// Series from successive scrapes: group the selected samples, difference them against the previous
// scrape, and name the result.
#include "loadgen/scrape/series_extractor.hpp"

#include <cmath>
#include <cstdlib>
#include <limits>

namespace ragbench::loadgen {
namespace {

bool matches(const exposition_sample& s, const label_matchers& m) {
  for (const auto& [k, v] : m) {
    const std::string* have = s.label(k);
    if (!(have ? *have == v : v.empty())) return false;  // an absent label equals "" (as in PromQL)
  }
  return true;
}

// Counter deltas: a value that went down means the counter restarted from 0.
double delta(double now, double before) { return now >= before ? now - before : now; }

}  // namespace

std::string unit_for(const series_selector& s, exposition_type type) {
  if (!s.unit.empty()) return s.unit;
  if (!s.ratio_of.empty()) return "ratio";
  const std::string& m = s.metric;
  if (type == exposition_type::counter) return m.ends_with("_seconds_total") ? "" : "1/s";
  if (m.ends_with("_seconds")) return "s";
  if (m.ends_with("_bytes")) return "bytes";
  return "";
}

double bucket_quantile(double q, const std::map<double, double>& cumulative) {
  if (cumulative.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double total = cumulative.rbegin()->second;
  if (!(total > 0)) return std::numeric_limits<double>::quiet_NaN();
  const double rank = q * total;
  double lower = 0, below = 0, highest_finite = 0;
  bool first = true;
  for (const auto& [le, cum] : cumulative) {
    if (std::isfinite(le)) highest_finite = le;
    if (cum >= rank && cum > below) {
      if (std::isinf(le)) return highest_finite;
      if (first && le <= 0) return le;
      return lower + (le - lower) * (rank - below) / (cum - below);
    }
    lower = le;
    below = cum;
    first = false;
  }
  return highest_finite;
}

series_extractor::series_extractor(std::vector<series_selector> selectors, std::string instance)
    : selectors_(std::move(selectors)), instance_(std::move(instance)), previous_(selectors_.size()),
      seen_(selectors_.size(), false) {}

series_extractor::groups series_extractor::collect(const series_selector& s, const exposition_family& f) const {
  groups out;
  for (const auto& sample : f.samples) {
    if (!matches(sample, s.match)) continue;
    std::string key;
    if (!instance_.empty()) key = "instance=" + instance_;
    for (const auto& label : s.by) {
      const std::string* v = sample.label(label);
      key += (key.empty() ? "" : ",") + label + "=" + (v ? *v : std::string());
    }
    if (!key.empty()) key = "{" + key + "}";
    group_state& g = out[key];
    if (f.type == exposition_type::histogram) {
      if (!sample.name.ends_with("_bucket")) continue;
      const std::string* le = sample.label("le");
      if (!le) continue;  // the parser refuses such a bucket
      const double bound = std::strtod(le->c_str(), nullptr);  // "+Inf" reads as infinity
      if (std::isnan(bound)) continue;                          // no place in the bucket order
      g.buckets[bound] += sample.value;
    } else if (f.type == exposition_type::summary) {
      if (sample.name.ends_with("_sum") && sample.name.size() == f.name.size() + 4) g.sum += sample.value;
      else if (sample.name.ends_with("_count") && sample.name.size() == f.name.size() + 6) g.count += sample.value;
    } else {
      g.kept += sample.value;
      if (matches(sample, s.ratio_of)) g.matched += sample.value;
    }
  }
  return out;
}

bool series_extractor::admit(const std::string& name) {
  if (names_.contains(name)) return true;
  if (names_.size() >= max_series_per_source) {
    truncated_ = true;
    return false;
  }
  names_.emplace(name, true);
  return true;
}

void series_extractor::emit(const series_selector& s, exposition_type type, const groups& now, const groups* before,
                            double dt, std::vector<series_point>& out) {
  const std::string unit = unit_for(s, type);
  auto push = [&](const std::string& name, double v) {
    if (std::isfinite(v) && admit(name)) out.push_back({name, unit, v});
  };
  for (const auto& [key, g] : now) {
    const group_state* b = nullptr;
    if (before) {
      auto it = before->find(key);
      if (it != before->end()) b = &it->second;
    }
    if (type == exposition_type::gauge || type == exposition_type::untyped) {
      if (s.ratio_of.empty()) push(s.name + key, g.kept);
      else if (g.kept > 0) push(s.name + key, g.matched / g.kept);
      continue;
    }
    if (!b || !(dt > 0)) continue;  // rates, quantiles and means need the previous scrape
    if (type == exposition_type::counter) {
      const double kept = delta(g.kept, b->kept), matched = delta(g.matched, b->matched);
      if (s.ratio_of.empty()) push(s.name + key, kept / dt);
      else if (kept > 0) push(s.name + key, matched / kept);
    } else if (type == exposition_type::histogram) {
      std::map<double, double> interval;
      bool reset = false;
      for (const auto& [le, cum] : g.buckets) {
        auto it = b->buckets.find(le);
        const double was = it == b->buckets.end() ? 0 : it->second;
        if (cum < was) reset = true;
        interval[le] = cum - was;
      }
      if (reset) interval = g.buckets;
      for (double q : s.quantiles) push(s.name + "_" + quantile_suffix(q) + key, bucket_quantile(q, interval));
    } else {  // summary
      const double count = delta(g.count, b->count);
      const double sum = g.count >= b->count ? g.sum - b->sum : g.sum;
      if (count > 0) push(s.name + "_mean" + key, sum / count);
    }
  }
}

std::vector<series_point> series_extractor::observe(double t_s, const exposition& e) {
  std::vector<series_point> out;
  const double dt = have_previous_ ? t_s - previous_t_ : 0;
  for (std::size_t i = 0; i < selectors_.size(); ++i) {
    const exposition_family* f = e.find(selectors_[i].metric);
    if (!f) {
      previous_[i].clear();
      continue;
    }
    seen_[i] = true;
    groups now = collect(selectors_[i], *f);
    emit(selectors_[i], f->type, now, have_previous_ ? &previous_[i] : nullptr, dt, out);
    previous_[i] = std::move(now);
  }
  previous_t_ = t_s;
  have_previous_ = true;
  return out;
}

}  // namespace ragbench::loadgen
