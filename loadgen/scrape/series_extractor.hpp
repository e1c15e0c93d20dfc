#pragma once
// Turns the successive scrapes of one source into points of named series, as the selectors say
// (loadgen/scenario/scrape_spec.hpp): counters become per-second rates over each interval, gauges
// are kept as scraped, histograms become quantiles of the interval's bucket deltas, summaries the
// interval's mean, and ratio_of selectors a share. Rates, quantiles and means need two scrapes, so the
// first scrape of a source yields only gauges. A counter or histogram that went down (the server
// restarted) counts from zero again. Non-finite values (NaN, Inf) yield no point.
// Series names: "name" or "name_p95" / "name_mean", then "{by1=v1,by2=v2}" for the `by` labels, with
// "instance=HOST:PORT" first when the run scrapes more than one source.
// Cost per scrape: O(samples of the selected families * selectors). Not thread-safe (one per source,
// used by the scraping thread only).
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "loadgen/scenario/scrape_spec.hpp"
#include "loadgen/scrape/exposition_parser.hpp"

namespace ragbench::loadgen {

struct series_point {
  std::string name;  // "cache_hit_ratio{tier=lru}"
  std::string unit;  // "ratio", "bytes", "1/s", "s" or ""
  double value = 0;
};

// The unit of a selector's series when it names none: ratio_of -> "ratio"; a counter's rate -> "" for
// *_seconds_total (seconds per second: busy cores), "1/s" otherwise; any other type -> "s" for
// *_seconds, "bytes" for *_bytes, "" otherwise.
std::string unit_for(const series_selector& s, exposition_type type);

// Bounded: a `by` over a label of high cardinality stops adding series here.
inline constexpr std::size_t max_series_per_source = 1000;

class series_extractor {
 public:
  // `instance` is "" (one source) or "HOST:PORT", added as the first label of every series.
  series_extractor(std::vector<series_selector> selectors, std::string instance);

  // One successful scrape at t_s (seconds since the run start; increasing). Returns its points.
  std::vector<series_point> observe(double t_s, const exposition& e);

  // Whether selector i's metric appeared in some scrape so far (for a warning at the end).
  bool seen(std::size_t selector) const { return seen_[selector]; }
  // True once max_series_per_source was reached and further series were left out.
  bool truncated() const { return truncated_; }

 private:
  // What one group held at one scrape.
  struct group_state {
    double kept = 0, matched = 0;     // counter/gauge: sum of kept samples, of those also in ratio_of
    std::map<double, double> buckets;  // histogram: le -> cumulative count (summed over the group)
    double sum = 0, count = 0;         // summary
  };
  using groups = std::map<std::string, group_state>;  // by series-label text ("{route=/a}")

  groups collect(const series_selector& s, const exposition_family& f) const;
  void emit(const series_selector& s, exposition_type type, const groups& now, const groups* before, double dt,
            std::vector<series_point>& out);
  bool admit(const std::string& name);

  std::vector<series_selector> selectors_;
  std::string instance_;
  std::vector<groups> previous_;  // per selector, the last scrape's groups
  std::vector<bool> seen_;        // per selector: its family appeared
  double previous_t_ = 0;
  bool have_previous_ = false;
  std::map<std::string, bool> names_;  // series names admitted so far
  bool truncated_ = false;
};

// The q-quantile (0 < q <= 1) of a histogram given as (upper bound -> count in the interval, cumulative),
// interpolated linearly inside the bucket as PromQL's histogram_quantile does; a rank in the +Inf bucket
// gives the highest finite bound. NaN when the histogram holds nothing.
double bucket_quantile(double q, const std::map<double, double>& cumulative);

}  // namespace ragbench::loadgen
