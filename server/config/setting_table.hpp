#pragma once
// THE table of ragserver settings: name, value kind, default, meaning, parser. Flags, environment
// variables, YAML keys, --help and docs/ragserver-config.md are all derived from it, so they
// cannot drift. Adding a setting = a field in server_config.hpp + one row in setting_table.cpp.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "server/config/server_config.hpp"

namespace ragbench::server {

struct setting {
  std::string_view name;          // snake_case; YAML key. Flag: --name-with-dashes. Env: RAGSERVER_NAME.
  std::string_view placeholder;   // value shape for help: DURATION, SIZE, INT, ...
  std::string meaning;            // one line
  std::string_view default_note;  // shown in docs instead of the value when the default is machine-dependent
  bool is_bool = false;           // flag may be given bare (--gzip) or negated (--no-gzip)
  // Parses text into the field; throws std::invalid_argument with the reason only.
  std::function<void(server_config&, std::string_view)> apply;
  // The field's current value as text that apply() accepts.
  std::function<std::string(const server_config&)> show;

  std::string flag() const;     // "--llm-scale"
  std::string env_var() const;  // "RAGSERVER_LLM_SCALE"
};

// All settings in help order. Immutable after first use; thread-safe.
const std::vector<setting>& server_settings();
// By snake_case name; nullptr if unknown.
const setting* find_setting(std::string_view name);
// The closest known setting name for a misspelt one (edit distance <= 2 or a prefix), or the setting a
// name other servers use means (port, host, bind -> listen; workers -> threads; cert, key -> tls_*), or empty.
std::string_view suggest_setting(std::string_view name);

}  // namespace ragbench::server
