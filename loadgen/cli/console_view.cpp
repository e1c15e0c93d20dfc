#include "loadgen/cli/console_view.hpp"

#include <chrono>

namespace ragbench::loadgen {

std::string format_progress(const progress_view& p) {
  using secs = std::chrono::duration<double>;
  char buf[256];
  double err_pct = p.interval.requests ? 100.0 * static_cast<double>(p.interval.failures) /
                                             static_cast<double>(p.interval.requests)
                                       : 0.0;
  int n = std::snprintf(buf, sizeof buf, "[%5.0fs/%.0fs] ", secs(p.elapsed).count(), secs(p.total).count());
  if (p.open_model)
    n += std::snprintf(buf + n, sizeof buf - n, "rate %7.0f/s", p.target_rate_per_s);
  else
    n += std::snprintf(buf + n, sizeof buf - n, "users %5llu", static_cast<unsigned long long>(p.users));
  n += std::snprintf(buf + n, sizeof buf - n, "  rps %8.1f  errors %5.2f%%", p.interval.rps(), err_pct);
  if (p.interval.requests > 0)
    n += std::snprintf(buf + n, sizeof buf - n, "  p50 %.2fms  p95 %.2fms  p99 %.2fms", p.interval.latency_ms_at(50),
                       p.interval.latency_ms_at(95), p.interval.latency_ms_at(99));
  if (p.open_model && (p.dropped || p.late))
    std::snprintf(buf + n, sizeof buf - n, "  dropped %llu  late %llu", static_cast<unsigned long long>(p.dropped),
                  static_cast<unsigned long long>(p.late));
  return buf;
}

void console_view::update(const progress_view& p) {
  std::string line = format_progress(p);
  if (tty_) std::fprintf(out_, "\r\033[K%s", line.c_str());
  else std::fprintf(out_, "%s\n", line.c_str());
  dirty_ = tty_;
  std::fflush(out_);
}

void console_view::finish() {
  if (dirty_) std::fputc('\n', out_);
  dirty_ = false;
  std::fflush(out_);
}

}  // namespace ragbench::loadgen
