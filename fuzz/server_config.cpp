// ragserver's configuration (server/config/config_parser): defaults < YAML file < environment <
// flags. The first input byte picks what the rest is: 0 the YAML file named by --config, 1 the
// environment (NAME=VALUE lines; RAGSERVER_CONFIG is ignored so no other file is read), 2 the
// command line (one argument per line, cut at a NUL as argv would be; --help/--version dropped). The only refusal is a
// config_error (exit code 2 in main); an accepted configuration keeps chunk_overlap < chunk_size.
#include "fuzz_check.hpp"

#include "server/config/config_error.hpp"
#include "server/config/config_parser.hpp"

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace {

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    auto eol = text.find('\n');
    out.emplace_back(text.substr(0, eol));
    if (eol == std::string_view::npos) break;
    text.remove_prefix(eol + 1);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ragbench::server;
  if (size == 0) return 0;
  static const std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("ragbench-fuzz-config-" + std::to_string(getpid()) + ".yaml");
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  std::vector<std::string> args{"ragserver"};
  std::map<std::string, std::string> environment;
  switch (data[0] % 3) {
    case 0: {
      std::ofstream out(file, std::ios::binary | std::ios::trunc);
      out.write(text.data(), static_cast<std::streamsize>(text.size()));
      out.close();
      args.push_back("--config");
      args.push_back(file.string());
      break;
    }
    case 1:
      for (const auto& line : lines_of(text)) {
        auto eq = line.find('=');
        if (eq != std::string::npos && line.substr(0, eq) != "RAGSERVER_CONFIG") {
          environment[line.substr(0, eq)] = line.substr(eq + 1);
        }
      }
      break;
    default:
      for (auto& line : lines_of(text)) {
        line = line.substr(0, line.find('\0'));  // what a C string (argv) can hold
        if (line.rfind("--help", 0) == 0 || line == "-h" || line == "--version") continue;
        if (line.rfind("--config", 0) == 0) continue;  // only the file of mode 0 is read
        args.push_back(std::move(line));
      }
      break;
  }
  env_lookup env = [&environment](const std::string& name) -> std::optional<std::string> {
    auto it = environment.find(name);
    if (it == environment.end()) return std::nullopt;
    return it->second;
  };
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  try {
    config_result r = parse_server_config(static_cast<int>(argv.size()), argv.data(), env);
    FUZZ_CHECK(r.action == config_action::run, "a help or version action from input without --help or --version");
    FUZZ_CHECK(r.config.chunk_overlap < r.config.chunk_size, "accepted chunk_overlap >= chunk_size");
  } catch (const config_error& e) {
    FUZZ_CHECK(e.what()[0] != '\0', "a config_error without a message");
  }
  return 0;
}
