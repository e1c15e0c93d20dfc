#pragma once
// The live console on stderr: elapsed/total, users or rate, then the figures of the last window (rps,
// errors, p50/p95/p99) and the running totals (requests, failures). On a terminal the line is rewritten in
// place every second (the window is the last second); otherwise a plain line is printed every `every`
// (default 10 s, the window is that long), so a 4 h soak in a CI log is 1 440 lines, not 14 400.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

#include "loadgen/engine/engine_options.hpp"

namespace ragbench::loadgen {

// Running totals since the start of the run, shown beside the window's figures.
struct progress_totals {
  std::uint64_t requests = 0;
  std::uint64_t failures = 0;
};

// Formats one progress line (no newline): p.interval holds the window being shown. Pure; used by
// console_view and tests.
std::string format_progress(const progress_view& p, const progress_totals& totals = {});

class console_view {
 public:
  // `tty`: rewrite one line (\r + erase) every second; otherwise print a line every `every` (>= 1 s).
  console_view(std::FILE* out, bool tty, std::chrono::nanoseconds every = std::chrono::seconds(10))
      : out_(out), tty_(tty), every_(tty ? std::chrono::seconds(1) : std::max<std::chrono::nanoseconds>(every, std::chrono::seconds(1))) {}
  // One engine progress callback (about one per second): accumulates it into the window and the totals,
  // and prints when the window is full.
  void update(const progress_view& p);
  // Ends the rewritten line (call once after the run).
  void finish();

 private:
  std::FILE* out_;
  bool tty_;
  std::chrono::nanoseconds every_;
  interval_stats window_;
  std::chrono::nanoseconds window_elapsed_{0};
  progress_totals totals_;
  bool dirty_ = false;
};

}  // namespace ragbench::loadgen
