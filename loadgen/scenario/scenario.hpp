#pragma once
// The scenario model: plain structs produced by load_scenario() (scenario_loader.hpp), validated
// before any traffic, immutable afterwards and shared read-only by all engine threads.
// The YAML schema is documented in docs/loadgen-scenarios.md.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "loadgen/scenario/feeder.hpp"
#include "loadgen/scenario/scrape_spec.hpp"
#include "loadgen/scenario/template.hpp"

namespace ragbench::loadgen {

using std::chrono::nanoseconds;

// Where something was written: scenario (or profile) file and 1-based line.
struct source_location {
  std::string file;
  int line = 0;
};

// http1: HTTP/1.1 (over TLS for https://, ALPN offers only http/1.1). h2c: cleartext HTTP/2 with prior
// knowledge (http:// only). h2: HTTP/2 over TLS, ALPN must choose h2 (https:// only). auto: https://
// only, ALPN offers h2 and http/1.1 and the server's choice (probed once before the run) is used.
enum class protocol_kind { http1, h2c, h2, auto_alpn };

// "http1", "h2c", "h2", "auto".
std::string_view protocol_name(protocol_kind p);
// True when the run speaks HTTP/2 whatever ALPN says (h2c, h2).
constexpr bool is_http2(protocol_kind p) { return p == protocol_kind::h2c || p == protocol_kind::h2; }

// target: http(s)://host[:port][/base]. base_path ("" or "/api") is prefixed to every request path.
struct target_url {
  std::string text;       // as written
  std::string scheme;     // "http" or "https"
  std::string host;
  std::uint16_t port = 80;  // 80 / 443 by default
  std::string base_path;  // no trailing slash
  bool tls() const { return scheme == "https"; }
};

// TLS client settings for https:// targets. Certificates are verified against the system store
// (plus ca_file when set) unless `insecure`; SNI and verification use server_name or target.host.
struct tls_settings {
  bool insecure = false;    // skip certificate verification (self-signed test servers)
  std::string ca_file;      // extra trusted CA certificates (PEM); "" = system store only
  std::string server_name;  // SNI / name checked in the certificate; "" = target host
};

// The highest rate a scenario, profile or capacity search may ask for (arrivals or user spawns per
// second; documented in docs/loadgen-scenarios.md). Far above what one machine can send, low enough
// that the engine's schedule stays meaningful and a typo like 1e9/s is caught by `validate`.
inline constexpr double max_rate_per_s = 10'000'000;
inline constexpr const char* max_rate_text = "10000000/s";

// Defaults of the run-level bounds (documented in docs/loadgen-scenarios.md).
inline constexpr std::uint64_t default_max_body_bytes = 10u << 20;  // a kept body (checks, captures)
inline constexpr std::uint64_t max_max_body_bytes = 1u << 30;       // the highest max_body accepted
inline constexpr double default_max_error_rate_pct = 1.0;           // runs without KPIs

// Closed model: `users` virtual users started at `spawn_rate_per_s`, each looping until `duration`.
struct closed_load {
  std::uint32_t users = 1;
  double spawn_rate_per_s = 1;
  nanoseconds duration{0};
};

// One stage of a ramping open model: the rate moves linearly from the previous stage's target
// (0 for the first stage) to `target_rate_per_s` over `duration`.
struct rate_stage {
  nanoseconds duration{0};
  double target_rate_per_s = 0;
};

// Open model: iterations (one task pick each) start on a schedule independent of responses.
enum class arrival_kind {
  constant,  // {arrival_rate: "1000/s", duration}
  ramping,   // {stages: [{duration, target_rate}, ...]}; duration = sum of stages
  poisson,   // {arrival: poisson, rate, duration}: exponential inter-arrival times, mean 1/rate
};
struct open_load {
  arrival_kind arrival = arrival_kind::constant;
  double rate_per_s = 0;            // constant and poisson
  nanoseconds duration{0};          // total, also for ramping
  std::vector<rate_stage> stages;   // ramping only
};

struct load_model {
  std::variant<closed_load, open_load> shape;
  std::uint32_t max_connections = 0;   // 0 = engine default (one per user, or as needed for open)
  source_location where;               // the load block (scenario or profile file)
  bool is_open() const { return std::holds_alternative<open_load>(shape); }
  // How long the load runs, whichever its shape.
  nanoseconds duration() const {
    return std::visit([](const auto& l) { return l.duration; }, shape);
  }
};

// "closed: 100 users at 10/s for 60s" / "open: constant 1000/s for 60s" — for messages and settings.
std::string describe_load(const load_model& load);

// Think time after each task (closed model only; ignored by open models).
enum class wait_kind { none, constant, between, constant_pacing };
struct wait_time {
  wait_kind kind = wait_kind::none;
  nanoseconds min{0};   // constant / constant_pacing: the value; between: lower bound
  nanoseconds max{0};   // between: upper bound (uniform); otherwise == min
};

// Extract a value from a response into a capture slot.
enum class capture_kind { json_path, header, regex };
struct capture_spec {
  std::string variable;     // name as written
  std::size_t slot = 0;     // index into scenario::variables and render_context::captures
  capture_kind kind = capture_kind::json_path;
  std::string expression;   // "$.a.b[0]", header name, or regex with exactly one group
  source_location where;
};

// Response checks. A request with no checks passes when status < 400.
struct json_check {
  std::string path;                    // "$.results[0].score"
  bool exists_only = true;             // `exists`
  nlohmann::json expected;             // otherwise: value compared with ==
};
struct checks {
  std::vector<unsigned> statuses;      // empty = any status < 400
  std::vector<json_check> json;
  std::vector<std::string> body_contains;
};

enum class body_kind { none, json, raw };

// How a step's response is read as a text/event-stream (timed event by event: TTFT, ITL, TPOT).
//   auto_detect: when the response is 2xx with Content-Type text/event-stream (the default);
//   sse: every 2xx response, whatever its Content-Type; none: never (the body is one response).
enum class stream_mode { auto_detect, sse, none };

// A step's service-level objective for goodput: a request is good only when it succeeded and every
// limit that is set holds (docs/loadgen-results.md, "Goodput"). ttft: first output event from the
// intended start; tpot: its stream's time per output token; itl: its largest gap between output
// events; e2e: its latency (intended start to the end of the response).
struct slo_limits {
  std::optional<nanoseconds> ttft, tpot, itl, e2e;
  bool any() const { return ttft || tpot || itl || e2e; }
  bool needs_stream() const { return ttft || tpot || itl; }
};

// One HTTP request. `name` is the endpoint name statistics and KPIs use.
struct request_spec {
  std::string name;
  std::string method;                  // upper case: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS
  compiled_template path;              // base_path already prepended; url-escaped variables
  std::vector<std::pair<std::string, compiled_template>> query;    // key url-escaped; value template
  std::vector<std::pair<std::string, compiled_template>> headers;  // request-specific, after defaults
  body_kind body_type = body_kind::none;
  compiled_template body;              // json: the serialised JSON with escaped variables
  std::string content_type;            // "application/json" for json bodies unless overridden
  std::optional<nanoseconds> timeout;  // whole response; nullopt = engine default (30 s)
  std::optional<std::uint64_t> max_body;  // kept body bound (bytes); nullopt = the scenario's
  std::vector<std::string> tags;
  std::vector<capture_spec> captures;
  checks check;
  stream_mode stream = stream_mode::auto_detect;
  std::string token_event;             // only events of this type are output ("" = any type)
  slo_limits slo;                      // goodput limits; none set = the step has no SLO
  source_location where;

  // Appends "path?k=v&k2=v2" (rendered) to out. Cost O(length).
  void render_target(const render_context& ctx, std::string& out) const;
  // True when a check or capture reads the body (json, body_contains, json-path or regex capture):
  // only then is the body kept (up to max_body); otherwise it is counted and discarded as it arrives.
  bool needs_body() const;
};

// A task is one request, or a named sequence of requests run in order as one iteration.
struct task {
  std::string name;
  double weight = 1;
  bool is_sequence = false;
  std::vector<request_spec> steps;     // exactly one unless is_sequence
  std::vector<std::size_t> feeders;    // feeder indexes this task reads: draw one row each per iteration
  source_location where;
};

// A KPI string kept verbatim for the KPI language (loadgen/report/kpi.hpp) to parse.
struct kpi_spec {
  std::string endpoint;   // "search", "all", ...
  std::string expr;       // "p95 < 100ms"
  source_location where;
};

struct scenario {
  std::string name;
  std::string file;                       // path of the scenario file as given
  target_url target;
  protocol_kind protocol = protocol_kind::http1;  // default: http1 for http://, auto for https://
  bool protocol_explicit = false;         // written in the file or set by an override
  tls_settings tls;
  std::uint32_t connections = 0;          // HTTP/2: connections users are multiplexed over; 0 = derived
  std::uint32_t max_streams = 100;        // HTTP/2: concurrent streams per connection (also capped by the server)
  std::vector<std::pair<std::string, compiled_template>> headers;  // default headers, every request
  load_model load;
  wait_time wait;
  std::optional<nanoseconds> warmup;      // excluded from statistics when set
  std::optional<std::uint64_t> seed;      // RNG seed for reproducible runs
  std::optional<nanoseconds> drain;       // after the load duration, how long requests still in flight
                                          // may finish (then: `unfinished`); nullopt = the longest
                                          // request timeout
  std::optional<std::uint64_t> max_body;  // kept body bound for steps without their own; nullopt = 10 MiB
  std::optional<double> max_error_rate_pct;  // error-rate bound of the verdict (%); nullopt = 1 % when
                                             // the scenario has no KPIs, no bound otherwise
  std::vector<std::shared_ptr<feeder>> feeders;  // index = feeder index in templates
  std::vector<std::string> variables;     // capture slot names; index = slot
  std::vector<request_spec> on_start;     // run once per user before its first task
  std::vector<std::size_t> on_start_feeders;
  std::vector<task> tasks;
  std::vector<kpi_spec> kpis;
  scrape_spec scrape;                     // the target's /metrics read during the run (no URLs: none)

  double total_weight() const;
};

}  // namespace ragbench::loadgen
