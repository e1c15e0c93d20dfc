// Log-linear histogram: exact buckets below 128, then 128 equal sub-buckets per power of two.
#include "common/hdr_histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace ragbench {
namespace {

constexpr std::uint64_t no_min = std::numeric_limits<std::uint64_t>::max();
constexpr const char* format_name = "ragbench.hdr/v1";

[[noreturn]] void fail(std::string_view where, const std::string& what) {
  throw std::invalid_argument(std::string(where) + ": " + what);
}

bool is_non_negative_integer(const nlohmann::json& j) {
  return j.is_number_unsigned() || (j.is_number_integer() && j.get<std::int64_t>() >= 0);
}

std::uint64_t get_u64(const nlohmann::json& j, const char* key, std::string_view where) {
  auto it = j.find(key);
  if (it == j.end()) fail(where, std::string("missing field \"") + key + "\"");
  if (!is_non_negative_integer(*it)) {
    fail(where, std::string("field \"") + key + "\" must be a non-negative integer");
  }
  return it->get<std::uint64_t>();
}

}  // namespace

hdr_histogram::hdr_histogram() : counts_(bucket_count(), 0), min_(no_min) {}

std::size_t hdr_histogram::index_of(std::uint64_t value) {
  if (value > highest_trackable_value) value = highest_trackable_value;
  if (value < sub_bucket_count) return static_cast<std::size_t>(value);
  const int msb = std::bit_width(value) - 1;  // >= sub_bucket_bits
  const int shift = msb - sub_bucket_bits;
  const std::uint64_t sub = (value >> shift) - sub_bucket_count;
  return static_cast<std::size_t>(sub_bucket_count + static_cast<std::uint64_t>(shift) * sub_bucket_count + sub);
}

std::uint64_t hdr_histogram::lowest_value_of(std::size_t index) {
  if (index < sub_bucket_count) return index;
  const std::uint64_t block = (index - sub_bucket_count) / sub_bucket_count;  // = shift
  const std::uint64_t sub = (index - sub_bucket_count) % sub_bucket_count;
  return (sub_bucket_count + sub) << block;
}

std::uint64_t hdr_histogram::highest_value_of(std::size_t index) {
  if (index < sub_bucket_count) return index;
  const std::uint64_t block = (index - sub_bucket_count) / sub_bucket_count;
  return lowest_value_of(index) + (std::uint64_t{1} << block) - 1;
}

void hdr_histogram::record(std::uint64_t value, std::uint64_t count) {
  if (count == 0) return;
  counts_[index_of(value)] += count;
  total_count_ += count;
  sum_ += value * count;
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
}

void hdr_histogram::add(const hdr_histogram& other) {
  if (other.total_count_ == 0) return;
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  total_count_ += other.total_count_;
  sum_ += other.sum_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

void hdr_histogram::reset() {
  std::fill(counts_.begin(), counts_.end(), 0);
  total_count_ = 0;
  min_ = no_min;
  max_ = 0;
  sum_ = 0;
}

double hdr_histogram::mean() const {
  return total_count_ ? static_cast<double>(sum_) / static_cast<double>(total_count_) : 0.0;
}

std::uint64_t hdr_histogram::value_at_percentile(double q) const {
  if (total_count_ == 0) return 0;
  if (!(q > 0)) return min_;  // also NaN
  if (q >= 100) return max_;
  auto rank = static_cast<std::uint64_t>(std::ceil(q / 100.0 * static_cast<double>(total_count_)));
  rank = std::clamp<std::uint64_t>(rank, 1, total_count_);
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::clamp(midpoint_of(i), min_, max_);
  }
  return max_;
}

nlohmann::json hdr_histogram::to_json() const {
  nlohmann::json buckets = nlohmann::json::array();
  for_each_bucket([&](const bucket& b) { buckets.push_back({b.index, b.count}); });
  return {{"format", format_name}, {"sub_bucket_bits", sub_bucket_bits}, {"max_value_bits", max_value_bits},
          {"count", total_count_}, {"min", min()}, {"max", max_}, {"sum", sum_}, {"buckets", buckets}};
}

hdr_histogram hdr_histogram::from_json(const nlohmann::json& j, std::string_view where) {
  if (!j.is_object()) fail(where, "expected a JSON object");
  auto fmt = j.find("format");
  if (fmt == j.end() || !fmt->is_string() || fmt->get<std::string>() != format_name) {
    fail(where, std::string("\"format\" must be \"") + format_name + "\"");
  }
  if (get_u64(j, "sub_bucket_bits", where) != sub_bucket_bits ||
      get_u64(j, "max_value_bits", where) != max_value_bits) {
    fail(where, "unsupported bucket layout (sub_bucket_bits must be 7, max_value_bits 44)");
  }
  const std::uint64_t count = get_u64(j, "count", where);
  const std::uint64_t min_v = get_u64(j, "min", where);
  const std::uint64_t max_v = get_u64(j, "max", where);
  const std::uint64_t sum = get_u64(j, "sum", where);
  auto bs = j.find("buckets");
  if (bs == j.end() || !bs->is_array()) fail(where, "\"buckets\" must be an array of [index, count] pairs");

  hdr_histogram h;
  std::uint64_t total = 0;
  long long last_index = -1;
  for (std::size_t n = 0; n < bs->size(); ++n) {
    const auto& p = (*bs)[n];
    const std::string at = "bucket #" + std::to_string(n);
    if (!p.is_array() || p.size() != 2 || !is_non_negative_integer(p[0]) ||
        !is_non_negative_integer(p[1])) {
      fail(where, at + " must be a pair [index, count] of non-negative integers");
    }
    const auto index = p[0].get<std::uint64_t>();
    const auto c = p[1].get<std::uint64_t>();
    if (index >= bucket_count()) fail(where, at + " has index " + std::to_string(index) + " out of range");
    if (static_cast<long long>(index) <= last_index) fail(where, at + " is out of order or repeated");
    if (c == 0) fail(where, at + " has a zero count");
    last_index = static_cast<long long>(index);
    h.counts_[index] = c;
    if (total + c < total) fail(where, "bucket counts overflow");
    total += c;
  }
  if (total != count) {
    fail(where, "bucket counts add up to " + std::to_string(total) + " but \"count\" is " + std::to_string(count));
  }
  if (count > 0) {
    if (min_v > max_v) fail(where, "\"min\" is greater than \"max\"");
    if (index_of(min_v) != static_cast<std::size_t>(bs->front()[0].get<std::uint64_t>()) ||
        index_of(max_v) != static_cast<std::size_t>(last_index)) {
      fail(where, "\"min\"/\"max\" do not fall in the first/last non-empty bucket");
    }
    h.min_ = min_v;
    h.max_ = max_v;
  } else if (min_v != 0 || max_v != 0 || sum != 0) {
    fail(where, "an empty histogram must have min, max and sum 0");
  }
  h.total_count_ = count;
  h.sum_ = sum;
  return h;
}

}  // namespace ragbench
