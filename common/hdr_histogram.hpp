#pragma once
// A log-linear (HDR-style) histogram of non-negative integer values, meant for latencies in nanoseconds.
//
// Layout: values 0..127 each have their own bucket; above that every power of two [2^k, 2^(k+1)) is split
// into 128 equal sub-buckets, so a bucket is at most 1/128 (0.78 %) of its lower bound wide and a value
// reported as its bucket's midpoint is within 0.4 % of the true value. The trackable range is
// 0 .. 2^44-1 ns (about 4.9 h); larger values are counted in the top bucket (min/max stay exact).
// Memory is fixed: bucket_count() counters of 8 bytes (~38 KiB), allocated once at construction.
//
// Thread-safety: none; one histogram per thread, merge with add(). Cost: record() is O(1) (a bit scan
// and an increment); percentile, mean and serialisation walk the buckets, O(bucket_count()).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace ragbench {

class hdr_histogram {
 public:
  static constexpr int sub_bucket_bits = 7;                        // 128 sub-buckets per power of two
  static constexpr int max_value_bits = 44;                        // trackable: values < 2^44
  static constexpr std::uint64_t sub_bucket_count = 1u << sub_bucket_bits;
  static constexpr std::uint64_t highest_trackable_value = (std::uint64_t{1} << max_value_bits) - 1;
  static constexpr std::size_t bucket_count() {
    return sub_bucket_count + (max_value_bits - sub_bucket_bits) * sub_bucket_count;
  }

  // One non-empty bucket: all values in [lowest, highest] (inclusive) were counted here.
  struct bucket {
    std::size_t index;
    std::uint64_t lowest;
    std::uint64_t highest;
    std::uint64_t count;
  };

  hdr_histogram();

  // Counts `value` (ns when used for latency) `count` times. Values above the trackable range land in the
  // top bucket. O(1).
  void record(std::uint64_t value, std::uint64_t count = 1);
  // Negative durations are recorded as 0.
  void record(std::chrono::nanoseconds value) {
    record(value.count() < 0 ? std::uint64_t{0} : static_cast<std::uint64_t>(value.count()));
  }

  // Exact merge: afterwards *this equals a histogram that recorded both inputs' values.
  void add(const hdr_histogram& other);
  void reset();

  std::uint64_t count() const { return total_count_; }
  bool empty() const { return total_count_ == 0; }
  // Exact smallest / largest recorded value; 0 when empty.
  std::uint64_t min() const { return total_count_ ? min_ : 0; }
  std::uint64_t max() const { return max_; }
  // Exact arithmetic mean of the recorded values (sum kept as an integer; overflows only past
  // ~1.8e19 summed units, i.e. 584 years of summed latency in ns); 0 when empty.
  double mean() const;
  // Sum of all recorded values (exact, see mean()).
  std::uint64_t sum() const { return sum_; }

  // The value at percentile q (0..100): the midpoint of the bucket holding the ceil(q/100 * count)-th
  // smallest value, clamped to [min, max]; q <= 0 gives min(), q >= 100 gives max(). 0 when empty.
  std::uint64_t value_at_percentile(double q) const;

  // Calls f(const bucket&) for each non-empty bucket in increasing value order.
  template <typename F>
  void for_each_bucket(F&& f) const {
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      if (counts_[i] != 0) f(bucket{i, lowest_value_of(i), highest_value_of(i), counts_[i]});
    }
  }
  std::uint64_t count_at_index(std::size_t index) const { return counts_.at(index); }

  // Bucket arithmetic, exposed for tests, coarser views and serialisation.
  static std::size_t index_of(std::uint64_t value);
  static std::uint64_t lowest_value_of(std::size_t index);
  static std::uint64_t highest_value_of(std::size_t index);
  static std::uint64_t midpoint_of(std::size_t index) {
    return lowest_value_of(index) + (highest_value_of(index) - lowest_value_of(index)) / 2;
  }

  // Compact form: {"format":"ragbench.hdr/v1","sub_bucket_bits":7,"max_value_bits":44,"count":N,
  // "min":..,"max":..,"sum":..,"buckets":[[index,count],...]} with only non-empty buckets.
  nlohmann::json to_json() const;
  // Inverse of to_json(). Validates everything (format, layout, index range and order, counts that add
  // up to "count", min <= max); throws std::invalid_argument naming `where` and what is wrong.
  static hdr_histogram from_json(const nlohmann::json& j, std::string_view where = "histogram");

  friend bool operator==(const hdr_histogram& a, const hdr_histogram& b) = default;

 private:
  std::vector<std::uint64_t> counts_;
  std::uint64_t total_count_ = 0;
  std::uint64_t min_ = 0;
  std::uint64_t max_ = 0;
  std::uint64_t sum_ = 0;
};

}  // namespace ragbench
