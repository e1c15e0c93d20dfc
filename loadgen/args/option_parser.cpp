// option_parser: CLI11 recognises the options and formats the help; this file fixes the conventions
// (values kept raw and in order, repeats allowed, flags take no value) and words the errors.
#include "loadgen/args/option_parser.hpp"

#include <algorithm>
#include <map>

#include <CLI/CLI.hpp>

#include "common/edit_distance.hpp"

namespace ragbench::loadgen {
namespace {

// The command's own usage lines first, then its description, the arguments, the options, the footer.
class synopsis_formatter : public CLI::Formatter {
 public:
  explicit synopsis_formatter(std::string synopsis) : synopsis_(std::move(synopsis)) {
    label("Positionals", "Arguments");
    column_width(32);
  }
  std::string make_description(const CLI::App*) const override { return {}; }
  std::string make_usage(const CLI::App* app, std::string) const override {
    return synopsis_ + (app->get_description().empty() ? "" : app->get_description() + "\n");
  }

 private:
  std::string synopsis_;
};

bool looks_like_option(const std::string& token) {
  if (token.size() < 2 || token[0] != '-') return false;
  return token[1] == '-' || !(token[1] >= '0' && token[1] <= '9');
}

}  // namespace

option_parser::option_parser(std::string command, std::string synopsis, std::string description, std::string footer)
    : command_(std::move(command)), app_(std::make_unique<CLI::App>(std::move(description), "loadgen " + command_)) {
  app_->formatter(std::make_shared<synopsis_formatter>(std::move(synopsis)));
  app_->footer(std::move(footer));
  app_->allow_extras();  // reported below in this parser's words
  app_->set_help_flag("-h,--help", "this text");
}

option_parser::~option_parser() = default;
option_parser::option_parser(option_parser&&) noexcept = default;
option_parser& option_parser::operator=(option_parser&&) noexcept = default;

void option_parser::option(const std::string& flag, const std::string& value_name, const std::string& help) {
  app_->add_option(flag, help)->option_text(value_name)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

void option_parser::flag(const std::string& flag, const std::string& help) {
  app_->add_flag(flag, help)->disable_flag_override()->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

void option_parser::positional(const std::string& name, const std::string& help) { app_->add_option(name, help); }

bool option_parser::parse(const std::vector<std::string>& args) {
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 consumes from the back
  try {
    app_->parse(reversed);
  } catch (const CLI::CallForHelp&) {
    return false;
  } catch (const CLI::ArgumentMismatch& e) {
    // "--seed: 1 required TEXT missing" / "quiet was given a disallowed flag override"
    const std::string what = e.what();
    for (const CLI::Option* o : app_->get_options()) {
      const std::string name = o->get_name();
      if (name.rfind("--", 0) != 0) continue;
      if (what.rfind(name + ":", 0) == 0) throw usage_error(command_ + ": option " + name + " needs a value");
      if (what.rfind(name.substr(2) + " was given", 0) == 0) throw usage_error(command_ + ": " + name + " takes no value");
    }
    throw usage_error(command_ + ": " + what);
  } catch (const CLI::ParseError& e) {
    throw usage_error(command_ + ": " + e.what());
  }
  const std::vector<std::string> extra = app_->remaining();
  for (const auto& token : extra)
    if (looks_like_option(token)) {
      const std::string name = token.substr(0, token.find('='));
      const std::string hint = closest_option(name);
      throw usage_error(command_ + ": unknown option '" + name + "'" +
                        (hint.empty() ? "" : " (did you mean '" + hint + "'?)") + " (see loadgen " + command_ + " --help)");
    }
  if (!extra.empty()) throw usage_error(command_ + ": unexpected argument '" + extra.front() + "'" + hint_);
  return true;
}

std::string option_parser::closest_option(const std::string& name) const {
  // What other load tools call them, then the nearest of ours by edit distance (at most 2, or a prefix).
  static const std::map<std::string, std::string> habits = {
      {"--vus", "--users"},         {"--concurrency", "--users"}, {"--connections-per-host", "--users"},
      {"--hatch-rate", "--spawn-rate"}, {"--run-time", "--duration"}, {"--time", "--duration"},
      {"--url", "--target"},         {"--base-url", "--target"},  {"--headers", "--header"},
      {"--body", "--body-file"},     {"--data", "--body-file"},   {"--output", "--out"},
      {"--out-dir", "--out"},        {"--iterations-per-second", "--rate"}, {"--arrival-rate", "--rate"}};
  std::vector<std::string> known;
  for (const CLI::Option* o : app_->get_options()) {
    for (const auto& l : o->get_lnames()) known.push_back("--" + l);
  }
  if (auto h = habits.find(name); h != habits.end() &&
                                  std::find(known.begin(), known.end(), h->second) != known.end()) {
    return h->second;
  }
  std::string best;
  std::size_t best_distance = 3;
  for (const auto& k : known) {
    const std::size_t d = edit_distance(name, k);
    if (d < best_distance) best = k, best_distance = d;
  }
  if (best.empty() && name.size() >= 4) {
    for (const auto& k : known) {
      if (k.rfind(name, 0) == 0) return k;
    }
  }
  return best;
}

std::string option_parser::help() const { return app_->help(); }

bool option_parser::given(const std::string& flag) const {
  const CLI::Option* o = app_->get_option_no_throw(flag);
  return o != nullptr && o->count() > 0;
}

std::vector<std::string> option_parser::values(const std::string& flag) const {
  const CLI::Option* o = app_->get_option_no_throw(flag);
  return o == nullptr ? std::vector<std::string>{} : o->results();
}

std::optional<std::string> option_parser::last(const std::string& flag) const {
  auto all = values(flag);
  if (all.empty()) return std::nullopt;
  return all.back();
}

std::string option_parser::positional_value(const std::string& name) const { return last(name).value_or(""); }

std::vector<std::pair<std::string, std::string>> option_parser::in_order(const std::vector<std::string>& flags) const {
  std::vector<std::pair<std::string, std::string>> out;
  std::map<const CLI::Option*, std::size_t> seen;
  for (const CLI::Option* o : app_->parse_order()) {
    const std::size_t index = seen[o]++;
    for (const auto& f : flags)
      if (o->check_name(f) && index < o->results().size()) {
        out.emplace_back(f, o->results()[index]);
        break;
      }
  }
  return out;
}

}  // namespace ragbench::loadgen
