#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <unistd.h>

#include "loadgen/engine/engine.hpp"
#include "loadgen/scenario/scenario_loader.hpp"
#include "test_http_server.hpp"

using namespace ragbench::loadgen;
using test::server_action;
using test::test_http_server;
using namespace std::chrono_literals;

namespace {
std::string target_of(const test_http_server& s) { return "http://127.0.0.1:" + std::to_string(s.endpoint().port()); }
}  // namespace

TEST_CASE("closed model realises the weighted task mix", "[engine]") {
  test_http_server server;
  scenario s = parse_scenario(
      "name: mix\ntarget: " + target_of(server) +
          "\nload: {users: 4, spawn_rate: 1000, duration: 1s}\n"
          "seed: 5\n"
          "tasks:\n"
          "  - {name: heavy, weight: 3, method: GET, path: /a}\n"
          "  - {name: light, weight: 1, method: POST, path: /b, json: {q: x}}\n",
      "mix.yaml");
  engine_options o;
  o.threads = 2;
  engine_outcome out = engine(s, o).run();
  const auto* heavy = out.stats.find("heavy");
  const auto* light = out.stats.find("light");
  REQUIRE(heavy);
  REQUIRE(light);
  REQUIRE(light->requests > 100);
  double ratio = static_cast<double>(heavy->requests) / static_cast<double>(light->requests);
  CHECK(ratio == Approx(3.0).epsilon(0.15));
  CHECK(heavy->failures == 0);
  CHECK(light->failures == 0);
  CHECK(server.connections() == 4);  // one keep-alive connection per user
  CHECK_FALSE(out.target_unreachable);
  CHECK(out.duration_s == Approx(1.0).epsilon(0.1));
}

TEST_CASE("captures flow into later requests and failed checks are counted", "[engine]") {
  test_http_server server([](std::size_t, const std::string& head) {
    server_action a;
    if (head.rfind("GET /login", 0) == 0) a.body = R"({"token":"abc123"})";
    else a.body = head.find("/items/abc123") != std::string::npos ? R"({"ok":true})" : R"({"ok":false})";
    return a;
  });
  scenario s = parse_scenario(
      "name: flow\ntarget: " + target_of(server) +
          "\nload: {users: 1, spawn_rate: 10, duration: 500ms}\n"
          "on_start:\n"
          "  - {name: login, method: GET, path: /login, capture: {token: $.token}}\n"
          "tasks:\n"
          "  - {name: item, method: GET, path: '/items/{{token}}', check: {status: 200, json: {$.ok: true}}}\n"
          "  - {name: bad, method: GET, path: /other, check: {json: {$.ok: true}}}\n",
      "flow.yaml");
  engine_outcome out = engine(s, engine_options{}).run();
  REQUIRE(out.stats.find("login"));
  CHECK(out.stats.find("login")->requests == 1);
  REQUIRE(out.stats.find("item"));
  CHECK(out.stats.find("item")->requests > 10);
  CHECK(out.stats.find("item")->failures == 0);
  REQUIRE(out.stats.find("bad"));
  CHECK(out.stats.find("bad")->failures == out.stats.find("bad")->requests);
  CHECK(out.stats.find("bad")->error_count(error_kind::check) == out.stats.find("bad")->requests);
}

TEST_CASE("failed requests keep their reason and a sample of the first such response", "[engine][failures]") {
  test_http_server server([](std::size_t, const std::string& head) {
    server_action a;
    if (head.find("/busy") != std::string::npos) {
      a.status = 503;
      a.body = "{\"error\": {\"code\": \"overloaded\",\n \"message\": \"decode slots full\"}}";
    } else {
      a.body = R"({"ok":false})";
    }
    return a;
  });
  scenario s = parse_scenario("name: why\ntarget: " + target_of(server) +
                                  "\nload: {users: 1, spawn_rate: 10, duration: 300ms}\n"
                                  "tasks:\n"
                                  "  - {name: busy, method: GET, path: /busy}\n"
                                  "  - {name: checked, method: GET, path: /c, check: {json: {$.ok: true}}}\n"
                                  "  - {name: captured, method: GET, path: /c, capture: {t: $.token}}\n",
                              "why.yaml");
  engine_outcome out = engine(s, engine_options{}).run();
  const auto* busy = out.stats.find("busy");
  REQUIRE(busy);
  REQUIRE(busy->failures > 0);
  REQUIRE(busy->reasons.items().size() == 1);
  const auto& r = busy->reasons.items()[0];
  CHECK(r.reason == "status 503");
  CHECK(r.count == busy->failures);
  CHECK(r.status == 503);
  // The body nobody reads is still sampled for an error: shortened, whitespace runs as one space.
  CHECK(r.sample == R"({"error": {"code": "overloaded", "message": "decode slots full"}})");
  const auto* checked = out.stats.find("checked");
  REQUIRE(checked);
  REQUIRE(checked->reasons.items().size() == 1);
  CHECK(checked->reasons.items()[0].reason == "$.ok is false, expected true");
  CHECK(checked->reasons.items()[0].sample == R"({"ok":false})");
  const auto* captured = out.stats.find("captured");
  REQUIRE(captured);
  REQUIRE(captured->reasons.items().size() == 1);
  CHECK(captured->reasons.items()[0].reason == "capture 't' not found");
}

TEST_CASE("open model: a server stall shows in latency, not in service time", "[engine]") {
  // One connection, 100 arrivals/s; the server stalls 500 ms on one request. Arrivals queued behind
  // it are timed from their intended start, so the stall reaches p99 (no coordinated omission).
  test_http_server server([](std::size_t i, const std::string&) {
    server_action a;
    if (i == 50) a.delay = 500ms;
    return a;
  });
  scenario s = parse_scenario(
      "name: co\ntarget: " + target_of(server) +
          "\nload: {arrival_rate: 100/s, duration: 2s, max_connections: 1}\n"
          "tasks:\n  - {name: get, method: GET, path: /}\n",
      "co.yaml");
  engine_options o;
  o.threads = 1;
  engine_outcome out = engine(s, o).run();
  const auto* get = out.stats.find("get");
  REQUIRE(get);
  CHECK(out.open_model);
  CHECK(out.scheduled == 200);
  CHECK(get->requests + out.stats.dropped == 200);
  CHECK(get->latency.value_at_percentile(99) >= 350'000'000);  // ns: the stall is visible
  CHECK(get->latency.value_at_percentile(50) < 100'000'000);
  CHECK(get->service_time.value_at_percentile(95) < 50'000'000);  // the others were served quickly
  CHECK(get->service_time.max() >= 450'000'000);                  // the stalled one itself
}

TEST_CASE("an unreachable target is reported as such", "[engine]") {
  std::string target;
  {
    test_http_server server;
    target = target_of(server);
  }
  scenario s = parse_scenario("name: dead\ntarget: " + target +
                                  "\nload: {users: 2, spawn_rate: 100, duration: 1s}\n"
                                  "tasks:\n  - {name: get, method: GET, path: /}\n",
                              "dead.yaml");
  engine_outcome out = engine(s, engine_options{}).run();
  CHECK(out.target_unreachable);
  CHECK_FALSE(out.failure_reason.empty());
  REQUIRE(out.stats.find("get"));
  CHECK(out.stats.find("get")->error_count(error_kind::connect) > 0);
  CHECK(out.stats.find("get")->requests < 30);  // refused connects back off instead of spinning
}

TEST_CASE("engine rejects what it cannot run before any traffic", "[engine]") {
  scenario s = parse_scenario("name: h2\ntarget: https://127.0.0.1:1\nprotocol: h2\n"
                              "tls: {ca_file: /nonexistent/ca.pem}\n"
                              "load: {users: 1, spawn_rate: 1, duration: 1s}\n"
                              "tasks:\n  - {name: get, method: GET, path: /}\n",
                              "h2.yaml");
  CHECK_THROWS_WITH(engine(s, engine_options{}), Catch::Contains("tls.ca_file: cannot load '/nonexistent/ca.pem'"));
}

TEST_CASE("a request's own timeout is applied and counted as a timeout", "[engine]") {
  test_http_server server([](std::size_t i, const std::string&) {
    return i == 0 ? server_action{server_action::silent} : server_action{};
  });
  scenario s = parse_scenario("name: slow\ntarget: " + target_of(server) +
                                  "\nload: {users: 1, spawn_rate: 10, duration: 700ms}\n"
                                  "tasks:\n  - {name: get, method: GET, path: /, timeout: 200ms}\n",
                              "slow.yaml");
  engine_outcome out = engine(s, engine_options{}).run();
  const auto* get = out.stats.find("get");
  REQUIRE(get);
  CHECK(get->error_count(error_kind::timeout) == 1);
  INFO("server saw " << server.requests() << " requests on " << server.connections() << " connections");
  CHECK(get->requests > get->failures);           // the user carried on after the timeout
  CHECK(get->latency.max() >= 190'000'000);        // the timed-out wait is in the percentiles
}

TEST_CASE("open model: too few connections -> dropped starts and a generator-limited flag", "[engine]") {
  test_http_server server([](std::size_t, const std::string&) {
    server_action a;
    a.delay = 100ms;  // one connection serves 10/s; 100/s are asked for
    return a;
  });
  scenario s = parse_scenario("name: limited\ntarget: " + target_of(server) +
                                  "\nload: {arrival_rate: 100/s, duration: 1s, max_connections: 1}\n"
                                  "tasks:\n  - {name: get, method: GET, path: /}\n",
                              "limited.yaml");
  engine_options o;
  o.threads = 1;
  o.drop_after = 200ms;
  engine_outcome out = engine(s, o).run();
  CHECK(out.scheduled == 100);
  CHECK(out.stats.dropped > 50);
  CHECK(out.generator_limited);
  CHECK_FALSE(out.generator_reason.empty());
  REQUIRE(out.stats.find("get"));
  CHECK(out.stats.find("get")->requests + out.stats.dropped == 100);
}

TEST_CASE("a sequence task runs its steps in order, passing captures along", "[engine]") {
  test_http_server server([](std::size_t, const std::string& head) {
    server_action a;
    if (head.rfind("POST /docs", 0) == 0) a.body = R"({"id":"d7"})";
    else a.body = head.rfind("GET /docs/d7", 0) == 0 ? "found" : "wrong";
    return a;
  });
  scenario s = parse_scenario(
      "name: seq\ntarget: " + target_of(server) +
          "\nload: {users: 2, spawn_rate: 100, duration: 500ms}\n"
          "tasks:\n"
          "  - name: upload-then-read\n"
          "    sequence:\n"
          "      - {name: upload, method: POST, path: /docs, json: {t: x}, capture: {doc: $.id}}\n"
          "      - {name: read, method: GET, path: '/docs/{{doc}}', check: {body_contains: [found]}}\n",
      "seq.yaml");
  engine_outcome out = engine(s, engine_options{}).run();
  const auto* upload = out.stats.find("upload");
  const auto* read = out.stats.find("read");
  REQUIRE(upload);
  REQUIRE(read);
  CHECK(upload->requests > 10);
  CHECK(read->failures == 0);
  // Every completed upload is followed by its read (the last one may be cut by the end of the run).
  CHECK(read->requests + 2 >= upload->requests);
  CHECK(read->requests <= upload->requests);
}

TEST_CASE("a unique feeder hands each row out once, then the user stops with a warning", "[engine]") {
  test_http_server server;
  auto csv = std::filesystem::temp_directory_path() / ("engine_test_ids_" + std::to_string(::getpid()) + ".csv");
  { std::ofstream(csv) << "id\n1\n2\n3\n"; }
  scenario s = parse_scenario("name: uniq\ntarget: " + target_of(server) +
                                  "\nload: {users: 1, spawn_rate: 10, duration: 500ms}\n"
                                  "data: {ids: {csv: " + csv.string() + ", pick: unique}}\n"
                                  "tasks:\n  - {name: get, method: GET, path: '/item/{{ids.id}}'}\n",
                              "uniq.yaml");
  engine_outcome out = engine(s, engine_options{}).run();
  std::filesystem::remove(csv);
  REQUIRE(out.stats.find("get"));
  CHECK(out.stats.find("get")->requests == 3);
  CHECK(server.requests() == 3);
  REQUIRE(out.warnings.size() == 1);
  CHECK(out.warnings[0].find("unique") != std::string::npos);
}

TEST_CASE("request_stop ends any run, even a schedule the worker cannot keep up with", "[engine][bounds]") {
  // Before: at an arrival rate faster than the worker could dispatch, its pacing loop never gave
  // the io_context back: responses and the stop request (SIGINT) were never handled.
  test_http_server server;
  scenario s = parse_scenario("name: fast\ntarget: " + target_of(server) +
                                  "\nload: {arrival_rate: 10000000/s, duration: 60s, max_connections: 4}\n"
                                  "tasks:\n  - {name: get, method: GET, path: /}\n",
                              "fast.yaml");
  engine_options o;
  o.threads = 1;
  engine e(s, o);
  std::thread stopper([&] {
    while (server.requests() < 50) std::this_thread::sleep_for(1ms);
    e.request_stop();
  });
  engine_outcome out = e.run();
  stopper.join();
  CHECK(out.stopped_early);
  CHECK(out.stopped_after < 60s);
  REQUIRE(out.stats.find("get"));
  CHECK(out.stats.find("get")->requests >= 50);
  CHECK(out.generator_limited);  // and it says it could not keep up
}

TEST_CASE("a stopped run cancels what is still in flight and counts it as unfinished", "[engine][bounds]") {
  test_http_server silent([](std::size_t, const std::string&) { return server_action{server_action::silent}; });
  scenario s = parse_scenario("name: stuck\ntarget: " + target_of(silent) +
                                  "\nload: {users: 3, spawn_rate: 1000/s, duration: 60s}\n"
                                  "tasks:\n  - {name: get, method: GET, path: /, timeout: 60s}\n",
                              "stuck.yaml");
  engine_options o;
  o.threads = 1;
  std::uint64_t announced = 0;
  o.on_drain = [&](std::uint64_t in_flight, std::chrono::nanoseconds) { announced = in_flight; };
  engine e(s, o);
  std::thread stopper([&] {
    while (silent.requests() < 3) std::this_thread::sleep_for(1ms);
    e.request_stop();
  });
  engine_outcome out = e.run();
  stopper.join();
  const auto* get = out.stats.find("get");
  REQUIRE(get);
  CHECK(get->requests == 3);
  CHECK(get->error_count(error_kind::unfinished) == 3);
  CHECK(out.in_flight_at_end == 3);
  CHECK(announced == 3);
  CHECK(out.drain == o.stop_drain);
}

TEST_CASE("the engine's constructor opens no connection, prepare() resolves and probes", "[engine]") {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  acceptor.non_blocking(true);
  // protocol auto over TLS: preparing the run means one ALPN probe connection to the target.
  scenario s = parse_scenario("name: auto\ntarget: https://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()) +
                                  "\nprotocol: auto\ntls: {insecure: true}\n"
                                  "load: {users: 1, spawn_rate: 1, duration: 1s}\n"
                                  "tasks:\n  - {name: get, method: GET, path: /}\n",
                              "auto.yaml");
  engine_options o;
  o.session.connect_timeout = 300ms;  // the probe's handshake gets no answer: it falls back to HTTP/1.1
  engine e(s, o);
  boost::asio::ip::tcp::socket peer(io);
  boost::system::error_code ec;
  acceptor.accept(peer, ec);
  CHECK(ec == boost::asio::error::would_block);  // nothing connected during construction
  e.prepare();
  acceptor.accept(peer, ec);
  CHECK_FALSE(ec);  // the probe connected
}

TEST_CASE("prepare() rejects a target that cannot be resolved, the constructor does not look", "[engine]") {
  scenario s = parse_scenario("name: nohost\ntarget: http://no-such-host.invalid:8080\n"
                              "load: {users: 1, spawn_rate: 1, duration: 1s}\n"
                              "tasks:\n  - {name: get, method: GET, path: /}\n",
                              "nohost.yaml");
  engine e(s, engine_options{});
  CHECK_THROWS_WITH(e.prepare(), Catch::Contains("cannot resolve host 'no-such-host.invalid'"));
}
