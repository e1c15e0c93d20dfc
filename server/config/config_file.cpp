// YAML config file -> server_config, with file:line:column in every error.
#include "server/config/config_file.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <set>
#include <stdexcept>

#include "server/config/config_error.hpp"
#include "server/config/setting_table.hpp"

namespace ragbench::server {
namespace {

std::string where(const std::string& path, const YAML::Mark& mark) {
  if (mark.is_null()) return path;
  return path + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

// The setting's text form of a YAML value; sequences of scalars are joined with commas.
std::string value_text(const YAML::Node& value, const std::string& at, const std::string& key) {
  if (value.IsScalar()) return value.Scalar();
  if (value.IsNull()) throw config_error(at + ": key '" + key + "' has no value");
  if (value.IsSequence()) {
    std::string joined;
    for (const auto& item : value) {
      if (!item.IsScalar()) throw config_error(at + ": key '" + key + "': list items must be plain values");
      joined += (joined.empty() ? "" : ",") + item.Scalar();
    }
    if (joined.empty()) throw config_error(at + ": key '" + key + "' has an empty list");
    return joined;
  }
  throw config_error(at + ": key '" + key + "' expects a single value, got a mapping");
}

}  // namespace

void apply_config_file(const std::string& path, server_config& config, setting_origins& origins) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw config_error("config file '" + path + "': cannot read (no such regular file)");
  }
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::ParserException& e) {
    throw config_error(where(path, e.mark) + ": YAML syntax error: " + e.msg);
  } catch (const YAML::Exception& e) {
    throw config_error("config file '" + path + "': " + e.what());
  }
  if (!root || root.IsNull()) return;
  if (!root.IsMap()) {
    throw config_error(where(path, root.Mark()) + ": expected a mapping of setting names to values, e.g. 'llm_scale: 0'");
  }
  std::set<std::string> seen;
  for (const auto& pair : root) {
    const YAML::Node key_node = pair.first;
    const YAML::Node value_node = pair.second;
    const std::string at = where(path, key_node.Mark());
    if (!key_node.IsScalar()) throw config_error(at + ": setting names must be plain strings");
    const std::string key = key_node.Scalar();
    const setting* s = find_setting(key);
    if (!s) {
      std::string message = at + ": unknown key '" + key + "'";
      if (auto hint = suggest_setting(key); !hint.empty()) message += " (did you mean '" + std::string(hint) + "'?)";
      throw config_error(message);
    }
    if (!seen.insert(key).second) throw config_error(at + ": key '" + key + "' appears twice");
    const std::string text = value_text(value_node, at, key);
    try {
      s->apply(config, text);
    } catch (const std::invalid_argument& e) {
      throw config_error(where(path, value_node.Mark()) + ": key '" + key + "': invalid value '" + text + "': " + e.what());
    }
    origins[s->name] = where(path, key_node.Mark());
  }
}

}  // namespace ragbench::server
