// endpoint_progress: the live subset of an endpoint's statistics and its merge.
#include "loadgen/stats/endpoint_progress.hpp"

#include <algorithm>

namespace ragbench::loadgen {

endpoint_progress endpoint_progress::of(const endpoint_stats& e) {
  endpoint_progress p;
  p.name = e.name;
  p.requests = e.requests;
  p.failures = e.failures;
  p.rate_limited = e.rate_limited;
  p.errors = e.errors;
  p.latency = e.latency;
  return p;
}

void endpoint_progress::merge(const endpoint_progress& other) {
  requests += other.requests;
  failures += other.failures;
  rate_limited += other.rate_limited;
  for (std::size_t i = 0; i < errors.size(); ++i) errors[i] += other.errors[i];
  latency.add(other.latency);
}

void merge_endpoint_progress(std::vector<endpoint_progress>& into, const std::vector<endpoint_progress>& from) {
  for (const auto& f : from) {
    auto it = std::find_if(into.begin(), into.end(), [&](const endpoint_progress& p) { return p.name == f.name; });
    if (it == into.end()) into.push_back(f);
    else it->merge(f);
  }
}

}  // namespace ragbench::loadgen
