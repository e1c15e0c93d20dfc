#pragma once
// Helpers for the config tests: argv building, a map-backed environment, temporary YAML files.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <string>
#include <vector>

#include "server/config/config_parser.hpp"

namespace config_test {

inline ragbench::server::config_result parse(std::initializer_list<const char*> args,
                                             std::map<std::string, std::string> env = {}) {
  std::vector<const char*> argv{"ragserver"};
  argv.insert(argv.end(), args.begin(), args.end());
  return ragbench::server::parse_server_config(
      static_cast<int>(argv.size()), argv.data(), [env](const std::string& name) -> std::optional<std::string> {
        auto it = env.find(name);
        if (it == env.end()) return std::nullopt;
        return it->second;
      });
}

// A YAML file in the temp directory, removed when the object goes out of scope.
class temp_yaml {
 public:
  explicit temp_yaml(const std::string& content) {
    static int counter = 0;
    path_ = (std::filesystem::temp_directory_path() /
             ("ragbench_config_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ".yaml"))
                .string();
    std::ofstream(path_) << content;
  }
  ~temp_yaml() { std::filesystem::remove(path_); }
  temp_yaml(const temp_yaml&) = delete;
  temp_yaml& operator=(const temp_yaml&) = delete;
  const std::string& path() const { return path_; }
  const char* c_str() const { return path_.c_str(); }

 private:
  std::string path_;
};

}  // namespace config_test
