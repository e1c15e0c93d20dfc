// A one-step scenario from a URL and flags (see url_scenario.hpp).
#include "loadgen/scenario/url_scenario.hpp"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "loadgen/scenario/scenario_error.hpp"

namespace ragbench::loadgen {
namespace {

// A YAML double-quoted scalar (JSON's string syntax is valid YAML).
std::string yaml_string(const std::string& s) { return nlohmann::json(s).dump(); }

}  // namespace

bool looks_like_url(const std::string& arg) { return arg.rfind("http://", 0) == 0 || arg.rfind("https://", 0) == 0; }

std::string url_scenario_yaml(const url_request& r) {
  const auto scheme_end = r.url.find("://");
  const auto path_start = r.url.find_first_of("/?", scheme_end + 3);
  const std::string target = r.url.substr(0, path_start);
  std::string path = path_start == std::string::npos ? "/" : r.url.substr(path_start);
  if (path.front() == '?') path = "/" + path;
  if (target.size() <= scheme_end + 3) throw scenario_error("command line: URL '" + r.url + "' has no host");
  std::string y = "name: url\ntarget: " + yaml_string(target) + "\nload: {users: 10, spawn_rate: 10/s, duration: 10s}\n";
  const auto query = path.find('?');
  y += "tasks:\n  - name: " + yaml_string(r.method + " " + path.substr(0, query)) + "\n    method: " + yaml_string(r.method) + "\n";
  y += "    path: " + yaml_string(path.substr(0, query)) + "\n";
  if (query != std::string::npos) {
    y += "    query: {";
    std::string q = path.substr(query + 1);
    bool first = true;
    for (std::size_t start = 0; start <= q.size();) {
      const auto amp = q.find('&', start);
      const std::string pair = q.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
      if (!pair.empty()) {
        const auto eq = pair.find('=');
        y += std::string(first ? "" : ", ") + yaml_string(pair.substr(0, eq)) + ": " +
             yaml_string(eq == std::string::npos ? "" : pair.substr(eq + 1));
        first = false;
      }
      if (amp == std::string::npos) break;
      start = amp + 1;
    }
    y += "}\n";
  }
  if (!r.headers.empty()) {
    y += "    headers: {";
    for (std::size_t i = 0; i < r.headers.size(); ++i) {
      const auto colon = r.headers[i].find(':');
      if (colon == std::string::npos || colon == 0) {
        throw scenario_error("command line: --header '" + r.headers[i] + "': expected 'Name: value'");
      }
      std::string value = r.headers[i].substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      y += std::string(i ? ", " : "") + yaml_string(r.headers[i].substr(0, colon)) + ": " + yaml_string(value);
    }
    y += "}\n";
  }
  if (r.body_file) {
    const std::string file = std::filesystem::absolute(*r.body_file).string();
    y += "    body: " + yaml_string("{{file:" + file + "}}") + "\n";
    y += "    content_type: " + yaml_string(r.content_type.value_or("application/octet-stream")) + "\n";
  } else if (r.content_type) {
    y += "    content_type: " + yaml_string(*r.content_type) + "\n";
  }
  return y;
}

}  // namespace ragbench::loadgen
