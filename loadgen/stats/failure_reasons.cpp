// Failure reasons per endpoint, bounded (see failure_reasons.hpp).
#include "loadgen/stats/failure_reasons.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "loadgen/stats/json_checks.hpp"

namespace ragbench::loadgen {

std::string printable_sample(std::string_view body) {
  std::string out;
  out.reserve(std::min(body.size(), failure_reasons::max_sample_bytes));
  for (unsigned char c : body) {
    if (out.size() >= failure_reasons::max_sample_bytes) break;
    const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (space) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '.');
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

void failure_reasons::add(std::string_view reason, int status, std::string_view body, std::uint64_t n) {
  for (auto& r : items_) {
    if (r.reason == reason) {
      r.count += n;
      return;
    }
  }
  if (items_.size() + 1 >= max_reasons) {  // the last slot is kept for the rest
    if (items_.size() + 1 == max_reasons) items_.push_back({std::string(other_reasons), 0, status, printable_sample(body)});
    items_.back().count += n;
    return;
  }
  items_.push_back({std::string(reason), n, status, printable_sample(body)});
}

void failure_reasons::merge(const failure_reasons& other) {
  for (const auto& r : other.items_) add(r.reason, r.status, r.sample, r.count);  // samples are printable already
}

std::vector<failure_reason> failure_reasons::top(std::size_t n) const {
  std::vector<failure_reason> out = items_;
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.count > b.count; });
  if (out.size() > n) out.resize(n);
  return out;
}

nlohmann::json failure_reasons::to_json() const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : items_) {
    out.push_back({{"reason", r.reason}, {"count", r.count}, {"status", r.status}, {"sample", r.sample}});
  }
  return out;
}

failure_reasons failure_reasons::from_json(const nlohmann::json& j, std::string_view where) {
  using namespace json_checks;
  if (!j.is_array()) fail(where, "\"failure_reasons\" must be an array");
  if (j.size() > max_reasons) fail(where, "more than " + std::to_string(max_reasons) + " failure reasons");
  failure_reasons out;
  for (const auto& item : j) {
    failure_reason r;
    r.reason = get_string(item, "reason", where);
    r.count = get_u64(item, "count", where);
    const double status = get_number(item, "status", where);
    if (status < 0 || status > 999 || status != static_cast<int>(status)) fail(where, "failure status must be 0..999");
    r.status = static_cast<int>(status);
    r.sample = printable_sample(get_string(item, "sample", where));
    if (r.reason.empty() || r.count == 0) fail(where, "a failure reason needs a name and a count");
    if (std::any_of(out.items_.begin(), out.items_.end(), [&](const auto& x) { return x.reason == r.reason; })) {
      fail(where, "failure reason \"" + r.reason + "\" listed twice");
    }
    out.items_.push_back(std::move(r));
  }
  return out;
}

}  // namespace ragbench::loadgen
