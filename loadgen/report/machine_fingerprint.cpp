// Reading the machine fingerprint from the system, and its JSON form.
#include "loadgen/report/machine_fingerprint.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <fstream>

#include <nlohmann/json.hpp>

#include "loadgen/stats/json_checks.hpp"

namespace ragbench::loadgen {
namespace {

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::string cpu_model_name() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    // x86: "model name"; some ARM kernels only have "Hardware" or "CPU part".
    if (line.rfind("model name", 0) == 0 || line.rfind("Hardware", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return trim(line.substr(colon + 1));
    }
  }
  return "unknown";
}

}  // namespace

std::string machine_fingerprint::describe() const {
  return cpu_model + ", " + std::to_string(cores) + (cores == 1 ? " core, " : " cores, ") + kernel;
}

nlohmann::json machine_fingerprint::to_json() const {
  return {{"cpu_model", cpu_model},
          {"cores", cores},
          {"kernel", kernel},
          {"load_average", std::round(load_average * 100) / 100}};
}

machine_fingerprint machine_fingerprint::from_json(const nlohmann::json& j, std::string_view where) {
  using namespace json_checks;
  const std::string at = std::string(where) + " machine";
  if (!j.is_object()) fail(at, "expected an object");
  machine_fingerprint m;
  m.cpu_model = get_string(j, "cpu_model", at);
  m.cores = static_cast<unsigned>(get_u64(j, "cores", at));
  m.kernel = get_string(j, "kernel", at);
  const auto& load = member(j, "load_average", at);
  if (!load.is_number()) fail(at, "\"load_average\" must be a number");
  m.load_average = load.get<double>();
  return m;
}

machine_fingerprint probe_machine() {
  machine_fingerprint m;
  m.cpu_model = cpu_model_name();
  const long online = ::sysconf(_SC_NPROCESSORS_ONLN);
  m.cores = online > 0 ? static_cast<unsigned>(online) : 0;
  struct utsname u {};
  m.kernel = ::uname(&u) == 0 ? std::string(u.sysname) + " " + u.release + " " + u.machine : "unknown";
  double load[1] = {-1};
  m.load_average = ::getloadavg(load, 1) == 1 ? load[0] : -1;
  return m;
}

}  // namespace ragbench::loadgen
