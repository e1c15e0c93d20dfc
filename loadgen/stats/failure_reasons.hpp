#pragma once
// Why the requests of one endpoint failed, as a person reading a report wants it: per distinct reason
// ("status 500", "$.results[0] missing", "timeout", ...) a count and the first sample — the HTTP status
// and the first bytes of the response body, when there was one. Bounded: at most max_reasons distinct
// reasons per endpoint (later new ones are counted under other_reasons), samples at most
// max_sample_bytes, printable ASCII. Merges exactly in counts (the first sample of a reason wins).
// Not thread-safe; one per endpoint per recorder, like the rest of endpoint_stats.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace ragbench::loadgen {

struct failure_reason {
  std::string reason;
  std::uint64_t count = 0;
  int status = 0;        // of the sample; 0 = no response
  std::string sample;    // first bytes of the sample's body ("" when none was read)

  friend bool operator==(const failure_reason&, const failure_reason&) = default;
};

class failure_reasons {
 public:
  static constexpr std::size_t max_reasons = 16;
  static constexpr std::size_t max_sample_bytes = 160;
  // The name under which reasons beyond max_reasons are counted.
  static constexpr std::string_view other_reasons = "(other reasons)";

  // Counts one failure (n of them); the body is shortened and made printable for the sample.
  void add(std::string_view reason, int status, std::string_view body, std::uint64_t n = 1);
  void merge(const failure_reasons& other);
  bool empty() const { return items_.empty(); }
  // In order of first appearance.
  const std::vector<failure_reason>& items() const { return items_; }
  // The n most frequent (ties: first appearance first).
  std::vector<failure_reason> top(std::size_t n) const;

  // [{"reason", "count", "status", "sample"}, ...]; from_json validates (throws std::invalid_argument
  // naming `where`).
  nlohmann::json to_json() const;
  static failure_reasons from_json(const nlohmann::json& j, std::string_view where);

  friend bool operator==(const failure_reasons&, const failure_reasons&) = default;

 private:
  std::vector<failure_reason> items_;
};

// The body shortened to max_sample_bytes, control and non-ASCII bytes shown as '.', runs of whitespace
// as one space.
std::string printable_sample(std::string_view body);

}  // namespace ragbench::loadgen
