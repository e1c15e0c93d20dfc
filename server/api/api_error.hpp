#pragma once
// An error a route reports to the client: HTTP status + stable machine-readable code + a message
// that names the problem. Thrown by request parsing, caught once per route and rendered as
// {"error":{"code":"...","message":"..."}}.
#include <stdexcept>
#include <string>

namespace ragbench::server {

class api_error : public std::runtime_error {
 public:
  api_error(unsigned status, std::string code, const std::string& message)
      : std::runtime_error(message), status_(status), code_(std::move(code)) {}
  unsigned status() const { return status_; }
  const std::string& code() const { return code_; }

 private:
  unsigned status_;
  std::string code_;
};

}  // namespace ragbench::server
