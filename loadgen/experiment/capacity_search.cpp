// Stepping, classifying and bisecting.
#include "loadgen/experiment/capacity_search.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace ragbench::loadgen {
namespace {

std::string rate_text(double r) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g/s", r);
  return buf;
}

double fraction(std::uint64_t part, std::uint64_t whole) {
  return whole ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

bool trusted(const capacity_step& s) {
  return s.status != step_status::generator_limited && s.status != step_status::unreachable &&
         s.status != step_status::interrupted;
}

}  // namespace

std::string to_string(step_status s) {
  switch (s) {
    case step_status::pass: return "pass";
    case step_status::kpi_failed: return "kpi-failed";
    case step_status::saturated: return "saturated";
    case step_status::generator_limited: return "generator-limited";
    case step_status::unreachable: return "unreachable";
    case step_status::interrupted: return "interrupted";
  }
  return "?";
}

std::vector<double> step_rates(const capacity_plan& p) {
  if (!(p.start_rate > 0)) throw std::invalid_argument("capacity: --start must be > 0");
  if (p.start_rate > p.max_rate) throw std::invalid_argument("capacity: --start is above --max");
  if (p.factor != 0 && !(p.factor > 1)) throw std::invalid_argument("capacity: --factor must be > 1");
  if (p.factor == 0 && !(p.step > 0)) throw std::invalid_argument("capacity: --step must be > 0");
  std::vector<double> rates;
  for (double r = p.start_rate; r <= p.max_rate * (1 + 1e-9); r = p.factor > 1 ? r * p.factor : r + p.step) {
    rates.push_back(r);
    if (rates.size() > 10000) throw std::invalid_argument("capacity: more than 10000 steps; raise --step or --factor");
  }
  return rates;
}

step_status classify(const step_measurement& m, const capacity_plan& p, std::string& reason) {
  char buf[200];
  if (!m.interrupted.empty()) {
    reason = m.interrupted;
    return step_status::interrupted;
  }
  if (m.unreachable) {
    reason = "target unreachable";
    return step_status::unreachable;
  }
  if (m.late >= p.min_late_count && fraction(m.late, m.scheduled) > p.max_late_fraction) {
    std::snprintf(buf, sizeof buf, "loadgen started %.1f%% of %llu arrivals late: the generator was the limit",
                  100 * fraction(m.late, m.scheduled), static_cast<unsigned long long>(m.scheduled));
    reason = buf;
    return step_status::generator_limited;
  }
  if (fraction(m.dropped, m.scheduled) > p.max_dropped_fraction) {
    std::snprintf(buf, sizeof buf, "%.1f%% of arrivals dropped (every connection busy)", 100 * fraction(m.dropped, m.scheduled));
    reason = buf;
    return step_status::saturated;
  }
  if (m.offered_rps > 0 && m.achieved_rps < p.min_throughput_ratio * m.offered_rps) {
    std::snprintf(buf, sizeof buf, "achieved %.0f/s of %.0f/s offered (%.0f%%)", m.achieved_rps, m.offered_rps,
                  100 * m.achieved_rps / m.offered_rps);
    reason = buf;
    return step_status::saturated;
  }
  if (fraction(m.failures, m.requests) > p.max_error_fraction) {
    std::snprintf(buf, sizeof buf, "%.1f%% of requests failed", 100 * fraction(m.failures, m.requests));
    reason = buf;
    return step_status::saturated;
  }
  if (!m.kpis_pass) {
    reason = "KPI failed:";
    for (const auto& k : m.failed_kpis) reason += " " + k + ";";
    if (!m.failed_kpis.empty()) reason.pop_back();
    return step_status::kpi_failed;
  }
  reason.clear();
  return step_status::pass;
}

capacity_result search_capacity(const capacity_plan& plan, const step_runner& runner,
                                const std::function<void(const capacity_step&)>& on_step) {
  capacity_result out;
  std::size_t index = 0;
  auto run = [&](double rate, bool bisection) -> const capacity_step& {
    capacity_step s;
    s.rate = rate;
    s.bisection = bisection;
    s.m = runner(rate, index++);
    s.status = classify(s.m, plan, s.reason);
    if (trusted(s)) out.peak_throughput = std::max(out.peak_throughput, s.m.achieved_rps);
    out.steps.push_back(std::move(s));
    if (on_step) on_step(out.steps.back());
    return out.steps.back();
  };
  auto stop_on_untrusted = [&](const capacity_step& s) {
    out.generator_limited = s.status == step_status::generator_limited;
    out.unreachable = s.status == step_status::unreachable;
    out.interrupted = s.status == step_status::interrupted;
    out.stop_reason = to_string(s.status) + " at " + rate_text(s.rate) + ": " + s.reason;
  };

  for (double rate : step_rates(plan)) {
    const capacity_step& s = run(rate, false);
    if (!trusted(s)) {
      stop_on_untrusted(s);
      break;
    }
    if (s.status == step_status::pass) {
      out.max_passing_rate = rate;
      continue;
    }
    out.first_failing_rate = rate;
    out.stop_reason = to_string(s.status) + " at " + rate_text(rate) + ": " + s.reason;
    break;
  }
  if (out.stop_reason.empty()) out.stop_reason = "every step up to --max " + rate_text(plan.max_rate) + " passed";

  if (out.max_passing_rate && out.first_failing_rate) {
    double lo = *out.max_passing_rate, hi = *out.first_failing_rate;
    for (std::size_t i = 0; i < plan.bisect; ++i) {
      const capacity_step& s = run((lo + hi) / 2, true);
      if (!trusted(s)) {
        stop_on_untrusted(s);
        break;
      }
      if (s.status == step_status::pass) lo = s.rate;
      else hi = s.rate;
    }
    out.max_passing_rate = lo;
    out.first_failing_rate = hi;
  }

  if (out.max_passing_rate) {
    for (const auto& s : out.steps)
      if (s.rate == *out.max_passing_rate && s.status == step_status::pass && s.m.goodput_rps)
        out.max_goodput_rps = s.m.goodput_rps;
  }

  std::vector<const capacity_step*> curve;
  for (const auto& s : out.steps)
    if (trusted(s)) curve.push_back(&s);
  std::sort(curve.begin(), curve.end(), [](auto* a, auto* b) { return a->rate < b->rate; });
  std::vector<double> x, y;
  for (auto* s : curve) {
    if (!x.empty() && s->rate <= x.back()) continue;
    x.push_back(s->rate);
    y.push_back(s->m.p99_ms);
  }
  out.knee = find_knee(x, y);
  return out;
}

}  // namespace ragbench::loadgen
