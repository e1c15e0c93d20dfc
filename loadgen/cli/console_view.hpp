#pragma once
// The live console: one line per second on stderr (rewritten in place on a terminal, plain lines
// otherwise) with elapsed/total, users or rate, rps, errors and p50/p95/p99 of the last interval.
#include <cstdio>
#include <string>

#include "loadgen/engine/engine_options.hpp"

namespace ragbench::loadgen {

// Formats one progress line (no newline). Pure; used by console_view and tests.
std::string format_progress(const progress_view& p);

class console_view {
 public:
  // `tty`: rewrite one line (\r + erase) instead of printing a line per second.
  console_view(std::FILE* out, bool tty) : out_(out), tty_(tty) {}
  void update(const progress_view& p);
  // Ends the rewritten line (call once after the run).
  void finish();

 private:
  std::FILE* out_;
  bool tty_;
  bool dirty_ = false;
};

}  // namespace ragbench::loadgen
