// option_parser: both value forms, repeats in order, flags without values, and the messages for an
// unknown option, a missing value, a value given to a flag and a surplus argument.
#include <catch2/catch.hpp>

#include "loadgen/args/option_parser.hpp"

using namespace ragbench::loadgen;
using Catch::Matchers::Contains;

namespace {

option_parser demo() {
  option_parser p("demo", "usage: loadgen demo FILE [--n N] [--set K=V]... [--quiet]\n", "  Does nothing.",
                  "exit: 0 always");
  p.unexpected_hint(" (one file only)");
  p.positional("FILE", "the input");
  p.option("--n", "N", "a number (default 1)");
  p.option("--set", "K=V", "one key; repeatable");
  p.option("--mode", "M", "a mode");
  p.flag("--quiet", "say less");
  return p;
}

}  // namespace

TEST_CASE("option_parser: values in both forms, repeats in order, flags, positionals", "[args]") {
  option_parser p = demo();
  REQUIRE(p.parse({"--set", "a=1", "in.yaml", "--n=3", "--set=b=2", "--mode", "x", "--quiet", "--set", "c=3", "--n", "4"}));
  CHECK(p.positional_value("FILE") == "in.yaml");
  CHECK(p.values("--set") == std::vector<std::string>{"a=1", "b=2", "c=3"});
  CHECK(p.last("--n") == "4");
  CHECK(p.given("--quiet"));
  CHECK_FALSE(p.last("--absent").has_value());
  using pair = std::pair<std::string, std::string>;
  CHECK(p.in_order({"--set", "--mode"}) ==
        std::vector<pair>{{"--set", "a=1"}, {"--set", "b=2"}, {"--mode", "x"}, {"--set", "c=3"}});
}

TEST_CASE("option_parser: nothing given", "[args]") {
  option_parser p = demo();
  REQUIRE(p.parse({}));
  CHECK(p.positional_value("FILE").empty());
  CHECK_FALSE(p.given("--quiet"));
  CHECK(p.values("--set").empty());
}

TEST_CASE("option_parser: --help and -h stop the parse", "[args]") {
  CHECK_FALSE(demo().parse({"in.yaml", "--help"}));
  CHECK_FALSE(demo().parse({"-h", "--bogus"}));
}

TEST_CASE("option_parser: errors name the command and the flag", "[args]") {
  using args = std::vector<std::string>;
  const auto [input, message] = GENERATE(table<args, std::string>({
      {args{"in.yaml", "--bogus"}, "demo: unknown option '--bogus' (see loadgen demo --help)"},
      {args{"in.yaml", "--bogus=1"}, "demo: unknown option '--bogus' (see loadgen demo --help)"},
      {args{"in.yaml", "-x"}, "demo: unknown option '-x'"},
      {args{"in.yaml", "--n"}, "demo: option --n needs a value"},
      {args{"in.yaml", "--quiet=yes"}, "demo: --quiet takes no value"},
      {args{"in.yaml", "other.yaml"}, "demo: unexpected argument 'other.yaml' (one file only)"},
  }));
  option_parser p = demo();
  REQUIRE_THROWS_AS(p.parse(input), usage_error);
  REQUIRE_THROWS_WITH(demo().parse(input), Contains(message));
}

TEST_CASE("option_parser: the help has the synopsis, every option with its meaning, and the footer", "[args]") {
  const std::string help = demo().help();
  CHECK(help.rfind("usage: loadgen demo FILE", 0) == 0);
  CHECK_THAT(help, Contains("Does nothing."));
  CHECK_THAT(help, Contains("FILE") && Contains("the input"));
  CHECK_THAT(help, Contains("--n N") && Contains("a number (default 1)"));
  CHECK_THAT(help, Contains("--set K=V") && Contains("--mode M") && Contains("--quiet") && Contains("say less"));
  CHECK_THAT(help, Contains("-h,--help"));
  CHECK_THAT(help, Contains("exit: 0 always"));
}
