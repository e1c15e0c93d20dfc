#include <catch2/catch.hpp>

#include <chrono>

#include "config_test_support.hpp"
#include "server/config/setting_table.hpp"

using namespace std::chrono_literals;
using namespace ragbench::server;
using config_test::parse;
using config_test::temp_yaml;

TEST_CASE("defaults match the documented values", "[config]") {
  const auto r = parse({});
  CHECK(r.action == config_action::run);
  const server_config& c = r.config;
  CHECK(c.listen.to_string() == "127.0.0.1:8080");
  CHECK(c.data_dir == "./data");
  CHECK(c.store == "sqlite");
  CHECK(c.cache == std::vector<std::string>{"lru"});
  CHECK(c.index == "hnsw");
  CHECK(c.threads == hardware_cores());
  CHECK(c.compute_threads == hardware_cores());
  CHECK(c.llm_scale == 1.0);
  CHECK(c.llm_ttft == 250ms);
  CHECK(c.llm_inter_token == 15ms);
  CHECK(c.llm_answer_tokens == 32);
  CHECK(c.llm_seed == 42);
  CHECK(c.llm_ttft_spread == 0.25);
  CHECK(c.llm_inter_token_spread == 0.35);
  CHECK(c.llm_tokens_per_event_min == 1);
  CHECK(c.llm_tokens_per_event_max == 1);
  CHECK(c.llm_decode_slots == 0);  // unlimited: existing benchmarks see no queue
  CHECK(c.llm_queue_max == 1024);
  CHECK(c.llm_model_name == "ragserver-sim");
  CHECK(c.embed_dim == 384);
  CHECK(c.chunk_size == 800);
  CHECK(c.chunk_overlap == 100);
  CHECK(c.chunk_unit == "chars");
  CHECK(c.cache_capacity == 1000);
  CHECK(c.cache_ttl == 60s);
  CHECK(c.cache_shards == 16);
  CHECK(c.hnsw_m == 24);
  CHECK(c.hnsw_ef_construction == 200);
  CHECK(c.hnsw_ef_search == 150);
  CHECK(c.hnsw_full_scan_threshold == 1000);
  CHECK(c.body_limit == 16u * 1024 * 1024);
  CHECK(c.header_timeout == 10s);
  CHECK(c.read_timeout == 30s);
  CHECK(c.idle_timeout == 60s);
  CHECK(c.async_upload_threshold == 256u * 1024);
  CHECK(c.index_workers == 2);
  CHECK(c.shutdown_grace == 10s);
  CHECK(c.gzip);
  CHECK(c.log_level == ragbench::log_level::info);
  CHECK(c.redis_url.empty());
  CHECK(c.postgres_url.empty());
}

TEST_CASE("flags accept both --key value and --key=value", "[config]") {
  const auto r = parse({"--llm-scale", "0", "--data-dir=/tmp/x", "--listen", "0.0.0.0:0", "--cache=none",
                        "--body-limit", "10MB", "--read-timeout=1.5s", "--log-level", "debug", "--llm-seed",
                        "18446744073709551615", "--listen", "[::1]:9000"});
  CHECK(r.config.llm_scale == 0);
  CHECK(r.config.data_dir == "/tmp/x");
  CHECK(r.config.listen.host == "::1");
  CHECK(r.config.listen.port == 9000);
  CHECK(r.config.cache == std::vector<std::string>{"none"});
  CHECK(r.config.body_limit == 10'000'000u);
  CHECK(r.config.read_timeout == 1500ms);
  CHECK(r.config.log_level == ragbench::log_level::debug);
  CHECK(r.config.llm_seed == 18446744073709551615u);
}

TEST_CASE("llm stream settings: tokens per event as N or MIN..MAX, slots, queue, model name", "[config]") {
  auto fixed = parse({"--llm-tokens-per-event", "3"}).config;
  CHECK(fixed.llm_tokens_per_event_min == 3);
  CHECK(fixed.llm_tokens_per_event_max == 3);
  auto range = parse({"--llm-tokens-per-event=1..4", "--llm-decode-slots", "8", "--llm-queue-max", "0",
                      "--llm-model-name", "llama-3.1-8b:sim", "--llm-ttft-spread", "0"})
                   .config;
  CHECK(range.llm_tokens_per_event_min == 1);
  CHECK(range.llm_tokens_per_event_max == 4);
  CHECK(range.llm_decode_slots == 8);
  CHECK(range.llm_queue_max == 0);
  CHECK(range.llm_model_name == "llama-3.1-8b:sim");
  CHECK(range.llm_ttft_spread == 0);
  // show() round-trips through apply()
  const setting* s = find_setting("llm_tokens_per_event");
  REQUIRE(s);
  CHECK(s->show(range) == "1..4");
  CHECK(s->show(fixed) == "3");
}

TEST_CASE("boolean flags: bare, negated and with a value", "[config]") {
  CHECK_FALSE(parse({"--no-gzip"}).config.gzip);
  CHECK(parse({"--no-gzip", "--gzip"}).config.gzip);
  CHECK_FALSE(parse({"--gzip", "false"}).config.gzip);
  CHECK_FALSE(parse({"--gzip=off"}).config.gzip);
  CHECK(parse({"--gzip", "--threads", "3"}).config.threads == 3);
}

TEST_CASE("precedence is default < file < environment < flag", "[config]") {
  temp_yaml file("llm_scale: 2\nembed_dim: 128\nchunk_size: 500\nstore: memory\n");
  const std::map<std::string, std::string> env{{"RAGSERVER_LLM_SCALE", "3"}, {"RAGSERVER_EMBED_DIM", "256"}};
  SECTION("file over default") {
    const auto r = parse({"--config", file.c_str()});
    CHECK(r.config.llm_scale == 2);
    CHECK(r.config.store == "memory");
    CHECK(r.config.index == "hnsw");
    CHECK(r.config_file == file.path());
  }
  SECTION("environment over file") {
    const auto r = parse({"--config", file.c_str()}, env);
    CHECK(r.config.llm_scale == 3);
    CHECK(r.config.embed_dim == 256);
    CHECK(r.config.chunk_size == 500);
  }
  SECTION("flag over environment, wherever --config appears") {
    const auto r = parse({"--llm-scale=4", "--config", file.c_str()}, env);
    CHECK(r.config.llm_scale == 4);
    CHECK(r.config.embed_dim == 256);
  }
  SECTION("RAGSERVER_CONFIG names the file, --config wins over it") {
    temp_yaml other("llm_scale: 7\n");
    auto with_file = env;
    with_file.erase("RAGSERVER_LLM_SCALE");
    with_file["RAGSERVER_CONFIG"] = file.path();
    CHECK(parse({}, with_file).config.llm_scale == 2);
    CHECK(parse({"--config", other.c_str()}, with_file).config.llm_scale == 7);
  }
}

TEST_CASE("every setting is reachable by flag and by environment variable", "[config]") {
  for (const auto& s : server_settings()) {
    INFO(s.name);
    const std::string value = s.show(server_config{});
    CHECK(s.flag() == "--" + [&] { std::string n(s.name); for (auto& ch : n) if (ch == '_') ch = '-'; return n; }());
    if (value.empty()) continue;  // empty URLs: nothing to round-trip
    const std::string flag = s.flag() + "=" + value;
    CHECK_NOTHROW(parse({flag.c_str()}));
    CHECK_NOTHROW(parse({}, {{s.env_var(), value}}));
  }
}

TEST_CASE("help, help-markdown and version requests win over other input", "[config]") {
  const auto help = parse({"--bogus", "--help"});
  CHECK(help.action == config_action::help);
  CHECK(help.text.find("Usage: ragserver") != std::string::npos);
  CHECK(parse({"-h"}).action == config_action::help);
  const auto version = parse({"--version"});
  CHECK(version.action == config_action::version);
  CHECK(version.text == std::string("ragserver ") + RAGBENCH_VERSION + "\n");
  CHECK(parse({"--help-markdown"}).action == config_action::help_markdown);
}

TEST_CASE("help lists every setting with flag, default and meaning", "[config]") {
  const std::string help = help_text();
  const std::string markdown = help_markdown();
  const server_config defaults;
  for (const auto& s : server_settings()) {
    INFO(s.name);
    CHECK(help.find("  " + s.flag() + " ") != std::string::npos);
    CHECK(help.find(s.meaning) != std::string::npos);
    CHECK(help.find("default: " + s.show(defaults)) != std::string::npos);
    CHECK(markdown.find("| `" + std::string(s.name) + "` | `" + s.flag()) != std::string::npos);
    CHECK(markdown.find("`" + s.env_var() + "`") != std::string::npos);
  }
  CHECK(server_settings().size() == 82);
  CHECK(help.find("--config FILE") != std::string::npos);
}

TEST_CASE("users and conversations settings: --auth, --token-ttl, password costs, --context-tokens", "[config]") {
  auto r = parse({"--auth", "required", "--token-ttl", "90m", "--password-opslimit", "3", "--password-memlimit", "8MiB",
                  "--context-tokens", "512"});
  CHECK(r.config.auth == "required");
  CHECK(r.config.token_ttl == std::chrono::minutes(90));
  CHECK(r.config.password_opslimit == 3);
  CHECK(r.config.password_memlimit == 8u << 20);
  CHECK(r.config.context_tokens == 512);
  const server_config defaults;
  CHECK(defaults.auth == "off");
  CHECK(defaults.context_tokens == 4000);
  CHECK_THROWS_AS(parse({"--auth", "sometimes"}), config_error);
  CHECK_THROWS_AS(parse({"--token-ttl", "0s"}), config_error);
  CHECK_THROWS_AS(parse({"--context-tokens", "10"}), config_error);
  CHECK_THROWS_AS(parse({"--password-memlimit", "1KiB"}), config_error);
  CHECK(parse({}, {{"RAGSERVER_AUTH", "optional"}}).config.auth == "optional");
}

TEST_CASE("CORS settings: '*', origin lists, and what is not an origin", "[config]") {
  CHECK(parse({"--cors-origins", "*"}).config.cors_origins == std::vector<std::string>{"*"});
  CHECK(parse({"--cors-origins", "http://localhost:5173, https://app.example:8443"}).config.cors_origins ==
        std::vector<std::string>{"http://localhost:5173", "https://app.example:8443"});
  CHECK(parse({}).config.cors_origins.empty());
  CHECK(parse({"--cors-max-age", "1h"}).config.cors_max_age == std::chrono::hours(1));
  for (const char* bad : {"localhost:5173", "http://localhost:5173/", "http://a.example,*", "ftp://x", "http://"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse({"--cors-origins", bad}), config_error);
  }
}

TEST_CASE("dev mode: --dev implies CORS '*', auth off, memory store and flat index unless set explicitly", "[config]") {
  auto d = parse({"--dev"}).config;
  CHECK(d.dev);
  CHECK(d.cors_origins == std::vector<std::string>{"*"});
  CHECK(d.auth == "off");
  CHECK(d.store == "memory");
  CHECK(d.index == "flat");
  CHECK(d.llm_scale == server_config{}.llm_scale);  // realistic generation times stay
  auto mixed = parse({"--dev", "--store", "sqlite", "--cors-origins", "http://localhost:5173"},
                     {{"RAGSERVER_AUTH", "optional"}}).config;
  CHECK(mixed.store == "sqlite");
  CHECK(mixed.cors_origins == std::vector<std::string>{"http://localhost:5173"});
  CHECK(mixed.auth == "optional");
  CHECK(mixed.index == "flat");
  auto off = parse({}).config;
  CHECK(off.cors_origins.empty());
  CHECK(off.store == server_config{}.store);
}

TEST_CASE("fault injection settings: per-route and catch-all delays and error shares", "[config]") {
  auto c = parse({"--inject-latency", "200ms,/v1/search=50ms..400ms", "--inject-errors", "/v1/query=20%, 0.5%"}).config;
  REQUIRE(c.inject_latency.size() == 2);
  CHECK(c.inject_latency[0] == latency_fault{"", 200ms, 200ms});
  CHECK(c.inject_latency[1] == latency_fault{"/v1/search", 50ms, 400ms});
  REQUIRE(c.inject_errors.size() == 2);
  CHECK(c.inject_errors[0].route == "/v1/query");
  CHECK(c.inject_errors[0].fraction == Approx(0.2));
  CHECK(c.inject_errors[1].fraction == Approx(0.005));
  for (const char* bad : {"5", "101%", "/v1/search", "/v1/search=", ",5%"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse({"--inject-errors", bad}), config_error);
  }
  CHECK_THROWS_AS(parse({"--inject-latency", "400ms..50ms"}), config_error);
  CHECK_THROWS_AS(parse({"--inject-latency", "fast"}), config_error);
}
