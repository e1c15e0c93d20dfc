#pragma once
// `loadgen run URL ...`: a one-step scenario built from the command line, as wrk, hey and k6 allow, so a
// quick test gets every report, KPI, compare and the same validation as a scenario file. The text is
// YAML handed to the ordinary loader (errors then read "command line: ..."); the load comes from the
// command line's load overrides, else 10 users for 10 s.
#include <optional>
#include <string>
#include <vector>

namespace ragbench::loadgen {

struct url_request {
  std::string url;                          // http(s)://host[:port][/path][?query]
  std::string method = "GET";
  std::vector<std::string> headers;         // "Name: value"
  std::optional<std::string> body_file;     // sent as the body (read at load)
  std::optional<std::string> content_type;  // default with a body: application/octet-stream
};

// True for an argument that is a URL rather than a scenario file.
bool looks_like_url(const std::string& arg);
// The scenario text. Throws scenario_error ("command line: ...") for a URL without a host or a header
// without ':'.
std::string url_scenario_yaml(const url_request& r);

}  // namespace ragbench::loadgen
