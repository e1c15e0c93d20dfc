#pragma once
// Running the real loadgen binary under watch, for tests of its bounds: its exit code, its wall
// time, and its peak resident memory (VmHWM/VmRSS of the child, polled every 20 ms). A child above
// 1.5 GB is killed, so a memory regression fails the test instead of taking the machine down.
#include <chrono>
#include <csignal>
#include <optional>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace ragbench::testing {

// The peak-RSS bounds of these tests are for a release build. Under AddressSanitizer the same run
// holds shadow memory and ASan's quarantine of freed blocks (256 MB by default) on top: still
// bounded, far from the gigabytes these tests catch, but not within the release bound.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr long rss_slack_kb = 384 * 1024;
#else
inline constexpr long rss_slack_kb = 0;
#endif

struct watched_run {
  std::optional<int> code;                    // exit status (128+N: killed by signal N); nullopt: still running at the limit
  std::chrono::milliseconds elapsed{0};
  std::chrono::milliseconds after_signal{0};  // from the signal to the exit
  long peak_rss_kb = 0;
  std::string out, err;
};

// Runs build/bin/loadgen with `args` (logs under `dir`), for at most `limit`; `signal_after`
// (optional) sends `sig` that long after the start. A child still running at the limit is killed.
watched_run run_watched_loadgen(const temp_dir& dir, std::vector<std::string> args, std::chrono::seconds limit,
                                std::optional<std::chrono::milliseconds> signal_after = {}, int sig = SIGINT);

}  // namespace ragbench::testing
