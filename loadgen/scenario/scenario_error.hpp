#pragma once
// The one error type of scenario/profile loading. what() is every problem, one per line, each as
// "FILE:LINE: what is wrong"; errors() gives them separately.
#include <stdexcept>
#include <string>
#include <vector>

namespace ragbench::loadgen {

class scenario_error : public std::runtime_error {
 public:
  explicit scenario_error(std::vector<std::string> errors)
      : std::runtime_error(join(errors)), errors_(std::move(errors)) {}
  explicit scenario_error(const std::string& error) : scenario_error(std::vector<std::string>{error}) {}
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  static std::string join(const std::vector<std::string>& errors) {
    std::string out;
    for (const auto& e : errors) {
      if (!out.empty()) out += '\n';
      out += e;
    }
    return out;
  }
  std::vector<std::string> errors_;
};

}  // namespace ragbench::loadgen
