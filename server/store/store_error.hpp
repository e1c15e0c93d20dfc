#pragma once
// The one error type stores throw for backend failures (cannot open, disk full, corrupt file,
// connection lost). The server maps it to 503 with the message; bad arguments are
// std::invalid_argument instead (a caller bug or bad input, mapped to 4xx).
#include <stdexcept>
#include <string>

namespace ragbench::server {

class store_error : public std::runtime_error {
 public:
  explicit store_error(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace ragbench::server
