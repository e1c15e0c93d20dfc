// The live console line (see console_view.hpp).
#include "loadgen/cli/console_view.hpp"

#include <algorithm>

namespace ragbench::loadgen {

std::string format_progress(const progress_view& p, const progress_totals& totals) {
  using secs = std::chrono::duration<double>;
  char buf[320];
  const double err_pct = p.interval.requests ? 100.0 * static_cast<double>(p.interval.failures) /
                                                   static_cast<double>(p.interval.requests)
                                             : 0.0;
  int n = std::snprintf(buf, sizeof buf, "[%5.0fs/%.0fs] ", secs(p.elapsed).count(), secs(p.total).count());
  if (p.open_model)
    n += std::snprintf(buf + n, sizeof buf - n, "rate %7.0f/s", p.target_rate_per_s);
  else
    n += std::snprintf(buf + n, sizeof buf - n, "users %5llu", static_cast<unsigned long long>(p.users));
  n += std::snprintf(buf + n, sizeof buf - n, "  last %.0fs: rps %8.1f  errors %5.2f%%",
                     std::max(1.0, secs(p.interval.elapsed).count()), p.interval.rps(), err_pct);
  if (p.interval.requests > 0)
    n += std::snprintf(buf + n, sizeof buf - n, "  p50 %.2fms  p95 %.2fms  p99 %.2fms", p.interval.latency_ms_at(50),
                       p.interval.latency_ms_at(95), p.interval.latency_ms_at(99));
  n += std::snprintf(buf + n, sizeof buf - n, "  | total %llu req, %llu failed",
                     static_cast<unsigned long long>(totals.requests), static_cast<unsigned long long>(totals.failures));
  if (p.open_model && (p.dropped || p.late))
    std::snprintf(buf + n, sizeof buf - n, "  dropped %llu  late %llu", static_cast<unsigned long long>(p.dropped),
                  static_cast<unsigned long long>(p.late));
  return buf;
}

void console_view::update(const progress_view& p) {
  totals_.requests += p.interval.requests;
  totals_.failures += p.interval.failures;
  window_.requests += p.interval.requests;
  window_.failures += p.interval.failures;
  window_.latency.add(p.interval.latency);
  window_elapsed_ += p.interval.elapsed;
  // A window is full at `every` (less a little: the engine's ticks are not exactly a second apart).
  if (window_elapsed_ + std::chrono::milliseconds(200) < every_ && p.elapsed < p.total) return;
  progress_view shown = p;
  window_.elapsed = window_elapsed_;
  shown.interval = window_;
  const std::string line = format_progress(shown, totals_);
  if (tty_) std::fprintf(out_, "\r\033[K%s", line.c_str());
  else std::fprintf(out_, "%s\n", line.c_str());
  dirty_ = tty_;
  std::fflush(out_);
  window_ = interval_stats{};
  window_elapsed_ = std::chrono::nanoseconds{0};
}

void console_view::finish() {
  if (dirty_) std::fputc('\n', out_);
  dirty_ = false;
  std::fflush(out_);
}

}  // namespace ragbench::loadgen
