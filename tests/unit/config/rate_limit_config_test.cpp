// The rate-limit, embedding-cache and warming settings: seed defaults, per-class limits from flags,
// environment and YAML, and bad values naming the setting and the rule.
#include <catch2/catch.hpp>

#include "config_test_support.hpp"

using namespace ragbench::server;
using namespace std::chrono_literals;
using Catch::Contains;
using config_test::parse;
using config_test::temp_yaml;

namespace {

std::string error_of(std::initializer_list<const char*> args) {
  try {
    parse(args);
  } catch (const config_error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("rate limits: off by default, seed classes, each class configurable", "[config][ratelimit]") {
  const auto defaults = parse({}).config;
  CHECK(defaults.rate_limits == "off");
  CHECK(defaults.rate_limit_chat == rate_limit{20, 1min});
  CHECK(defaults.rate_limit_auth == rate_limit{5, 15min});
  CHECK(defaults.rate_limit_upload == rate_limit{5, 1min});
  CHECK(defaults.rate_limit_search == rate_limit{30, 1min});
  CHECK(defaults.rate_limit_store == "auto");
  CHECK(defaults.trust_forwarded_for.empty());
  CHECK(defaults.embedding_cache_capacity == 10'000);
  CHECK(defaults.warm_queries.empty());

  const auto c = parse({"--rate-limits", "seed", "--rate-limit-chat", "60/1m", "--rate-limit-auth=off",
                        "--trust-forwarded-for", "10.0.0.0/8"},
                       {{"RAGSERVER_RATE_LIMIT_SEARCH", "100/h"}})
                     .config;
  CHECK(c.rate_limits == "seed");
  CHECK(c.rate_limit_chat == rate_limit{60, 1min});
  CHECK_FALSE(c.rate_limit_auth.enabled());
  CHECK(c.rate_limit_search == rate_limit{100, 1h});
  CHECK(c.trust_forwarded_for == "10.0.0.0/8");

  temp_yaml file("rate_limits: seed\nrate_limit_upload: 2/10s\nrate_limit_store: memory\n");
  const auto y = parse({"--config", file.c_str()}).config;
  CHECK(y.rate_limit_upload == rate_limit{2, 10s});
  CHECK(y.rate_limit_store == "memory");
}

TEST_CASE("rate limits: bad values name the setting and the rule", "[config][ratelimit][errors]") {
  CHECK_THAT(error_of({"--rate-limits", "strict"}), Contains("--rate-limits: invalid value 'strict'"));
  CHECK_THAT(error_of({"--rate-limit-chat", "20"}), Contains("expected REQUESTS/WINDOW"));
  CHECK_THAT(error_of({"--rate-limit-chat", "0/1m"}), Contains("from 1 to 1000000"));
  CHECK_THAT(error_of({"--rate-limit-search", "30/0s"}), Contains("from 1s to 7 days"));
  CHECK_THAT(error_of({"--rate-limit-search", "30/soon"}), Contains("a duration with a unit"));
  CHECK_THAT(error_of({"--trust-forwarded-for", "proxy.local"}), Contains("not an IP address or CIDR block"));
  CHECK_THAT(error_of({"--rate-limits", "seed", "--rate-limit-store", "redis"}),
             Contains("rate_limit_store redis (from command line --rate-limit-store) needs a Redis server"));
  CHECK_THAT(error_of({"--rate-limit-store", "etcd"}), Contains("expected one of: auto, memory, redis"));
}
