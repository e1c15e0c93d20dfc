// Every kind of bad input gives a config_error whose message names the source and the key.
#include <catch2/catch.hpp>

#include "config_test_support.hpp"

using namespace ragbench::server;
using Catch::Contains;
using config_test::parse;
using config_test::temp_yaml;

namespace {

std::string error_of(std::initializer_list<const char*> args, std::map<std::string, std::string> env = {}) {
  try {
    parse(args, std::move(env));
  } catch (const config_error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("bad flag values name the flag, the value and the rule", "[config][errors]") {
  struct bad_case {
    const char* flag;
    const char* value;
    const char* expected;
  };
  const auto c = GENERATE(values<bad_case>({
      {"--llm-scale", "-1", "command line --llm-scale: invalid value '-1': must be >= 0"},
      {"--llm-scale", "fast", "invalid value 'fast': expected a number"},
      {"--threads", "0", "command line --threads: invalid value '0': must be between 1 and 1024"},
      {"--threads", "2.5", "expected a whole number"},
      {"--embed-dim", "-3", "must not be negative"},
      {"--cache-ttl", "60", "command line --cache-ttl: invalid value '60': expected a duration with a unit"},
      {"--cache-ttl", "0s", "must be at least"},
      {"--body-limit", "lots", "expected a size"},
      {"--store", "mongodb", "command line --store: invalid value 'mongodb': expected one of: sqlite, memory"},
      {"--index", "annoy", "expected one of: hnsw, flat"},
      {"--chunk-unit", "words", "expected one of: chars, tokens"},
      {"--cache", "lru,memcached", "unknown cache tier 'memcached' (valid: none, lru, redis, semantic)"},
      {"--cache", "lru,lru", "cache tier 'lru' listed twice"},
      {"--cache", "none,lru", "'none' cannot be combined"},
      {"--cache", "lru,", "empty cache tier name"},
      {"--listen", "8080", "expected host:port"},
      {"--listen", "localhost:99999", "port must be between 0 and 65535"},
      {"--listen", ":80", "missing host"},
      {"--listen", "::1:80", "put IPv6 addresses in brackets"},
      {"--gzip", "maybe", "(no error)"},  // "maybe" is not a bool, so it is left as a stray argument...
      {"--log-level", "verbose", "expected one of: debug, info, warn, error, off"},
      {"--hnsw-m", "1", "must be between 2 and 256"},
      {"--llm-tokens-per-event", "0", "must be between 1 and 65536"},
      {"--llm-tokens-per-event", "4..2", "MIN <= MAX"},
      {"--llm-tokens-per-event", "1..x", "expected a whole number"},
      {"--llm-ttft-spread", "5", "must be <= 4"},
      {"--llm-model-name", "gpt 4/o", "letters, digits and . _ : -"},
  }));
  INFO(c.flag << " " << c.value);
  const std::string message = error_of({c.flag, c.value});
  if (std::string_view(c.value) == "maybe") {
    CHECK_THAT(message, Contains("unexpected argument 'maybe'"));  // ...and rejected as such
  } else {
    CHECK_THAT(message, Contains(c.expected));
  }
}

TEST_CASE("unknown, misspelt and malformed flags are rejected", "[config][errors]") {
  CHECK_THAT(error_of({"--llm-scal", "1"}), Contains("command line: unknown flag '--llm-scal' (did you mean '--llm-scale'?)"));
  CHECK_THAT(error_of({"--llm_scale=1"}), Contains("did you mean '--llm-scale'?"));
  CHECK_THAT(error_of({"--frobnicate"}), Contains("unknown flag '--frobnicate'; see --help"));
  // Names other servers use point to ours (before: --port suggested --pool, one edit away).
  CHECK_THAT(error_of({"--port", "8080"}), Contains("unknown flag '--port' (did you mean '--listen'?)"));
  CHECK_THAT(error_of({"--workers", "4"}), Contains("(did you mean '--threads'?)"));
  CHECK_THAT(error_of({"--cert", "c.pem"}), Contains("(did you mean '--tls-cert'?)"));
  CHECK_THAT(error_of({"-t", "4"}), Contains("unexpected argument '-t'"));
  CHECK_THAT(error_of({"serve"}), Contains("unexpected argument 'serve'"));
  CHECK_THAT(error_of({"--threads"}), Contains("command line --threads: missing value"));
  CHECK_THAT(error_of({"--threads", "--gzip"}), Contains("command line --threads: missing value"));
  CHECK_THAT(error_of({"--no-gzip=true"}), Contains("--no-gzip: takes no value"));
  CHECK_THAT(error_of({"--config"}), Contains("command line --config: missing value"));
}

TEST_CASE("bad environment values name the variable", "[config][errors]") {
  CHECK_THAT(error_of({}, {{"RAGSERVER_LLM_SCALE", "-2"}}),
             Contains("environment RAGSERVER_LLM_SCALE: invalid value '-2': must be >= 0"));
  CHECK_THAT(error_of({}, {{"RAGSERVER_GZIP", "perhaps"}}),
             Contains("environment RAGSERVER_GZIP: invalid value 'perhaps': expected true or false"));
  CHECK_THAT(error_of({}, {{"RAGSERVER_CONFIG", "/nonexistent/ragserver.yaml"}}),
             Contains("config file '/nonexistent/ragserver.yaml': cannot read"));
}

TEST_CASE("inconsistent settings name where each value came from", "[config][errors]") {
  CHECK_THAT(error_of({"--chunk-overlap", "800"}),
             Contains("chunk_overlap (800, from command line --chunk-overlap) must be less than chunk_size (800, from default)"));
  temp_yaml file("chunk_size: 50\n");
  CHECK_THAT(error_of({"--config", file.c_str()}),
             Contains("must be less than chunk_size (50, from " + file.path() + ":1:1)"));
}

TEST_CASE("YAML errors report file, line and column", "[config][errors]") {
  SECTION("unknown key, with a suggestion") {
    temp_yaml file("llm_scale: 0\n# comment\ncache_tll: 5s\n");
    CHECK_THAT(error_of({"--config", file.c_str()}),
               Contains(file.path() + ":3:1: unknown key 'cache_tll' (did you mean 'cache_ttl'?)"));
  }
  SECTION("bad value points at the value") {
    temp_yaml file("store: memory\nthreads: many\n");
    CHECK_THAT(error_of({"--config", file.c_str()}),
               Contains(file.path() + ":2:10: key 'threads': invalid value 'many': expected a whole number"));
  }
  SECTION("wrong types") {
    temp_yaml mapping("listen:\n  host: x\n  port: 1\n");
    CHECK_THAT(error_of({"--config", mapping.c_str()}), Contains(":1:1: key 'listen' expects a single value, got a mapping"));
    temp_yaml empty_value("threads:\n");
    CHECK_THAT(error_of({"--config", empty_value.c_str()}), Contains(":1:1: key 'threads' has no value"));
    temp_yaml top_list("- threads\n- 4\n");
    CHECK_THAT(error_of({"--config", top_list.c_str()}), Contains("expected a mapping of setting names to values"));
  }
  SECTION("duplicate key") {
    temp_yaml file("threads: 2\nthreads: 3\n");
    CHECK_THAT(error_of({"--config", file.c_str()}), Contains(file.path() + ":2:1: key 'threads' appears twice"));
  }
  SECTION("syntax error") {
    temp_yaml file("threads: 2\nstore: [memory\n");
    CHECK_THAT(error_of({"--config", file.c_str()}), Contains(file.path() + ":") && Contains("YAML syntax error"));
  }
  SECTION("missing file") {
    CHECK_THAT(error_of({"--config", "/nonexistent/x.yaml"}), Contains("config file '/nonexistent/x.yaml': cannot read"));
  }
}

TEST_CASE("YAML accepts lists for cache tiers and an empty file", "[config]") {
  temp_yaml tiers("cache: [lru]\ngzip: no\nllm_ttft: 1s\n");
  const auto r = parse({"--config", tiers.c_str()});
  CHECK(r.config.cache == std::vector<std::string>{"lru"});
  CHECK_FALSE(r.config.gzip);
  CHECK(r.config.llm_ttft == std::chrono::seconds(1));
  temp_yaml empty("");
  CHECK(parse({"--config", empty.c_str()}).config.threads == hardware_cores());
}
