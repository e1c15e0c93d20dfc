#pragma once
// Standard process_* metrics read from /proc/self (Linux), as the Prometheus client libraries
// export them: process_resident_memory_bytes, process_virtual_memory_bytes,
// process_cpu_seconds_total, process_open_fds, process_max_fds, process_start_time_seconds.
#include <optional>

#include "server/metrics/metrics_registry.hpp"

namespace ragbench::server {

struct process_stats {
  double resident_memory_bytes = 0;
  double virtual_memory_bytes = 0;
  double cpu_seconds_total = 0;   // user + system
  double start_time_seconds = 0;  // Unix time at which the process started
};

// Reads /proc/self/stat and /proc/stat. nullopt when they cannot be read or parsed.
// Thread-safe; cost: a few small file reads (scrape time only).
std::optional<process_stats> read_process_stats();
// Entries in /proc/self/fd (not counting the descriptor used to list them); nullopt on error.
std::optional<double> count_open_fds();

// Registers the process_* metrics as render-time callbacks. The start time is read once here.
// Throws std::invalid_argument if they are already registered.
void register_process_metrics(metrics_registry& registry);

}  // namespace ragbench::server
