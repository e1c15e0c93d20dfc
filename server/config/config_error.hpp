#pragma once
// The one error type of configuration parsing. The message always names where the bad value came
// from (command line flag, environment variable, or file:line:column) and which setting it is.
#include <stdexcept>
#include <string>

namespace ragbench::server {

class config_error : public std::runtime_error {
 public:
  explicit config_error(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace ragbench::server
