#pragma once
// What machine a run was measured on: CPU model, core count, kernel and the load average when the run
// started. Stored in summary.json and histograms.json ("machine"), so `loadgen compare` can say when a
// baseline came from other hardware or a busy machine. Absent in results written before it existed.
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace ragbench::loadgen {

struct machine_fingerprint {
  std::string cpu_model;      // /proc/cpuinfo "model name" (or "unknown")
  unsigned cores = 0;         // online logical CPUs
  std::string kernel;         // uname: sysname release machine, e.g. "Linux 6.1.0-18-amd64 x86_64"
  double load_average = 0;    // 1-minute load average at the start of the run (-1 when unknown)

  // Same hardware: CPU model and core count (the kernel and load may differ between runs).
  bool same_hardware(const machine_fingerprint& other) const {
    return cpu_model == other.cpu_model && cores == other.cores;
  }
  // "Intel(R) Xeon(R) ... , 2 cores, Linux 6.1.0 x86_64"
  std::string describe() const;

  nlohmann::json to_json() const;
  // Validates types; throws std::invalid_argument "<where>: <what>".
  static machine_fingerprint from_json(const nlohmann::json& j, std::string_view where);

  friend bool operator==(const machine_fingerprint&, const machine_fingerprint&) = default;
};

// The machine this process runs on, now. Reads /proc/cpuinfo, uname(2), getloadavg(3), sysconf; never
// throws (unknown parts are "unknown" / -1). Cost: one small file read.
machine_fingerprint probe_machine();

}  // namespace ragbench::loadgen
