#pragma once
// loadgen's one command-line parser, on CLI11. Every subcommand (run, validate, report, compare, ab,
// capacity) declares its options here, so "--opt value" and "--opt=value", -h/--help, the help layout
// and the messages for an unknown option, a missing value, a value given to a flag or a surplus
// argument are the same everywhere. The parser recognises options and keeps their raw text in
// command-line order; each command converts and range-checks its values itself, in messages that
// name the flag. Not thread-safe; one object per command line.
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace CLI {
class App;
}

namespace ragbench::loadgen {

// A bad command line (exit 2). The message starts with the command ("ab: ...") and names the flag
// or argument that is wrong.
class usage_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class option_parser {
 public:
  // command: the subcommand, which starts every message and names its help ("see loadgen ab --help").
  // synopsis: the usage lines help() prints first; description: what the command does; footer:
  // printed after the options (signals, exit codes).
  option_parser(std::string command, std::string synopsis, std::string description, std::string footer);
  ~option_parser();
  option_parser(option_parser&&) noexcept;
  option_parser& operator=(option_parser&&) noexcept;

  // Declarations, listed by help() in this order. Every option takes one value per occurrence and
  // may be repeated (values() has them all, last() the last); `value_name` follows the flag in the
  // help ("N", "URL"). A flag takes no value ("--quiet=x" is an error). A positional takes one
  // argument, filled in declaration order; more arguments than positionals are an error.
  void option(const std::string& flag, const std::string& value_name, const std::string& help);
  void flag(const std::string& flag, const std::string& help);
  void positional(const std::string& name, const std::string& help);
  // Appended to the "unexpected argument 'X'" message, e.g. "; expected BASELINE CANDIDATE".
  void unexpected_hint(std::string hint) { hint_ = std::move(hint); }

  // Parses `args` (without "loadgen COMMAND"). Returns false when -h or --help was given (print
  // help() and stop). Throws usage_error naming the flag or argument.
  bool parse(const std::vector<std::string>& args);
  std::string help() const;

  bool given(const std::string& flag) const;
  std::vector<std::string> values(const std::string& flag) const;
  std::optional<std::string> last(const std::string& flag) const;
  std::string positional_value(const std::string& name) const;  // "" when not given
  // (flag, value) of every occurrence of `flags`, in command-line order (a flag's value is "true").
  std::vector<std::pair<std::string, std::string>> in_order(const std::vector<std::string>& flags) const;
  const std::string& command() const { return command_; }
  // The declared option an unknown `name` most likely meant ("--user" -> "--users", k6's "--vus" ->
  // "--users"), or "" when none is close.
  std::string closest_option(const std::string& name) const;

 private:
  std::string command_, hint_;
  std::unique_ptr<CLI::App> app_;
};

}  // namespace ragbench::loadgen
