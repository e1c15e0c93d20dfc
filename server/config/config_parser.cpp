// Command line and environment layers of the ragserver configuration, plus help/version texts.
#include "server/config/config_parser.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "server/config/config_file.hpp"
#include "server/config/frontend_settings.hpp"
#include "server/config/setting_table.hpp"

namespace ragbench::server {
namespace {

constexpr std::string_view k_config_flag = "--config";
constexpr std::string_view k_config_env = "RAGSERVER_CONFIG";

std::string origin_of(const setting_origins& origins, std::string_view name) {
  auto it = origins.find(name);
  return it == origins.end() ? "default" : it->second;
}

void apply_checked(const setting& s, server_config& config, std::string_view value, const std::string& source) {
  try {
    s.apply(config, value);
  } catch (const std::invalid_argument& e) {
    throw config_error(source + ": invalid value '" + std::string(value) + "': " + e.what());
  }
}

std::string unknown_flag_message(std::string_view arg) {
  std::string message = "command line: unknown flag '" + std::string(arg) + "'";
  std::string name(arg.substr(arg.starts_with("--") ? 2 : arg.starts_with("-") ? 1 : 0));
  name = name.substr(0, name.find('='));
  for (auto& ch : name) {
    if (ch == '-') ch = '_';
  }
  if (auto hint = suggest_setting(name); !hint.empty()) {
    message += " (did you mean '" + find_setting(hint)->flag() + "'?)";
  }
  return message + "; see --help";
}

// Cross-setting rules, checked once all layers are applied.
void validate(const server_config& c, const setting_origins& origins) {
  if (c.chunk_overlap >= c.chunk_size) {
    throw config_error("chunk_overlap (" + std::to_string(c.chunk_overlap) + ", from " +
                       origin_of(origins, "chunk_overlap") + ") must be less than chunk_size (" +
                       std::to_string(c.chunk_size) + ", from " + origin_of(origins, "chunk_size") + ")");
  }
  if (c.rate_limits != "off" && c.rate_limit_store == "redis" && c.redis_url.empty()) {
    throw config_error("rate_limit_store redis (from " + origin_of(origins, "rate_limit_store") +
                       ") needs a Redis server: set redis_url");
  }
}

struct parsed_flag {
  const setting* target = nullptr;
  std::string value;
  std::string source;
};

// Splits argv into setting assignments; also consumes --config. Throws on anything unknown.
std::vector<parsed_flag> parse_flags(int argc, const char* const* argv, std::string& config_file) {
  std::vector<parsed_flag> flags;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i] ? argv[i] : "";
    if (!arg.starts_with("--") || arg == "--") {
      throw config_error("command line: unexpected argument '" + std::string(arg) + "'; settings are given as --key value");
    }
    const auto eq = arg.find('=');
    const std::string_view flag = arg.substr(0, eq);
    std::optional<std::string> inline_value;
    if (eq != std::string_view::npos) inline_value = std::string(arg.substr(eq + 1));
    auto next_value = [&](const std::string& source) {
      if (inline_value) return *inline_value;
      if (i + 1 >= argc || std::string_view(argv[i + 1]).starts_with("--")) {
        throw config_error(source + ": missing value");
      }
      return std::string(argv[++i]);
    };
    if (flag == k_config_flag) {
      config_file = next_value("command line --config");
      if (config_file.empty()) throw config_error("command line --config: empty file name");
      continue;
    }
    const setting* target = nullptr;
    bool negated = false;
    for (const auto& s : server_settings()) {
      if (s.flag() == flag) target = &s;
      if (s.is_bool && "--no-" + s.flag().substr(2) == flag) {
        target = &s;
        negated = true;
      }
    }
    if (!target) throw config_error(unknown_flag_message(arg));
    const std::string source = "command line " + std::string(flag);
    if (negated) {
      if (inline_value) throw config_error(source + ": takes no value");
      flags.push_back({target, "false", source});
    } else if (target->is_bool && !inline_value) {
      // --gzip alone means true; "--gzip false" is accepted too.
      std::string value = "true";
      if (i + 1 < argc) {
        try {
          server_config probe;
          target->apply(probe, argv[i + 1]);
          value = argv[++i];
        } catch (const std::invalid_argument&) {
        }
      }
      flags.push_back({target, value, source});
    } else {
      flags.push_back({target, next_value(source), source});
    }
  }
  return flags;
}

}  // namespace

env_lookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (!value) return std::nullopt;
    return std::string(value);
  };
}

config_result parse_server_config(int argc, const char* const* argv, const env_lookup& env) {
  config_result result;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i] ? argv[i] : "";
    if (arg == "--help" || arg == "-h") {
      result.action = config_action::help;
      result.text = help_text();
      return result;
    }
    if (arg == "--help-markdown") {
      result.action = config_action::help_markdown;
      result.text = help_markdown();
      return result;
    }
    if (arg == "--version") {
      result.action = config_action::version;
      result.text = version_text();
      return result;
    }
  }

  std::string config_file;
  const std::vector<parsed_flag> flags = parse_flags(argc, argv, config_file);
  if (config_file.empty() && env) {
    if (auto from_env = env(std::string(k_config_env)); from_env && !from_env->empty()) config_file = *from_env;
  }

  setting_origins origins;
  if (!config_file.empty()) apply_config_file(config_file, result.config, origins);
  if (env) {
    for (const auto& s : server_settings()) {
      const std::string var = s.env_var();
      if (auto value = env(var)) {
        apply_checked(s, result.config, *value, "environment " + var);
        origins[s.name] = "environment " + var;
      }
    }
  }
  for (const auto& f : flags) {
    apply_checked(*f.target, result.config, f.value, f.source);
    origins[f.target->name] = f.source;
  }
  std::vector<std::string_view> explicit_names;
  for (const auto& [name, source] : origins) explicit_names.push_back(name);
  apply_dev_defaults(result.config, explicit_names);
  validate(result.config, origins);
  result.config_file = config_file;
  return result;
}

std::string version_text() { return std::string("ragserver ") + RAGBENCH_VERSION + "\n"; }

}  // namespace ragbench::server
