// Streams arrive as they are generated, and decode slots queue requests, seen from real clients
// against the real ragserver: curl -N (HTTP/1.1, h2c, TLS) shows the first content before the
// answer's end exists; with 2 decode slots, 6 concurrent streams get their first token in three
// waves, the queue wait shows in the clients' TTFT and in /metrics; a full queue answers 503.
// Delays are made constant (spreads 0) so the expected waves are known; bounds are generous.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <thread>

#include "integration/support/cli_tool.hpp"
#include "integration/support/ragserver_process.hpp"
#include "integration/support/sse_probe.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::testing;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

std::string completion_body(bool stream, const std::string& question = "how are data files protected by the log") {
  json b = {{"model", "ragserver-sim"}, {"messages", {{{"role", "user"}, {"content", question}}}}};
  if (stream) b["stream"] = true;
  return b.dump();
}

void load_corpus(http_client& c) {
  auto r = c.post_json("/v1/documents", json{{"title", "wal"},
                                             {"content", "Write-Ahead Logging protects data files: changes are "
                                                         "logged and flushed before the data pages are written."}}
                                            .dump());
  REQUIRE(r.status == 201);
}

// One sample of a metric line "name{labels} value" from the exposition, or -1.
double metric(const std::string& text, const std::string& series) {
  auto at = text.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + series.size() + 2));
}

// The arrival of the first event with non-empty delta.content, or nullopt.
std::optional<std::chrono::nanoseconds> first_content(const sse_reply& r) {
  for (const auto& e : r.events) {
    json j = json::parse(e.data, nullptr, false);
    if (j.is_object() && !j["choices"].empty() && !j["choices"][0]["delta"].value("content", "").empty()) return e.at;
  }
  return std::nullopt;
}

}  // namespace

TEST_CASE("curl -N gets the first content chunk long before the end of the answer", "[integration][openai][stream]") {
  const std::string mode = GENERATE(as<std::string>{}, "http1.1", "h2c", "tls");
  INFO("mode " << mode);
  temp_dir dir;
  std::vector<std::string> args = {"--llm-scale", "1", "--llm-ttft", "50ms", "--llm-inter-token", "150ms",
                                   "--llm-ttft-spread", "0", "--llm-inter-token-spread", "0", "--llm-answer-tokens", "8"};
  std::vector<std::string> curl = {"/usr/bin/curl", "-sS", "-N", "-H", "content-type: application/json"};
  std::string scheme = "http";
  if (mode == "tls") {
    auto tls = make_self_signed_cert(dir);
    args.insert(args.end(), {"--tls-cert", tls.cert, "--tls-key", tls.key});
    curl.push_back("-k");
    scheme = "https";
  }
  curl.push_back(mode == "h2c" ? "--http2-prior-knowledge" : (mode == "tls" ? "--http2" : "--http1.1"));
  ragserver_process server(dir.str(), args);
  const std::string body_file = (dir.path() / "body.json").string();
  std::ofstream(body_file) << completion_body(true);
  curl.insert(curl.end(), {"--data-binary", "@" + body_file,
                           scheme + "://127.0.0.1:" + std::to_string(server.port()) + "/v1/chat/completions"});

  // 8 tokens: the first after 50 ms, the last 7 x 150 ms = 1.05 s later.
  child_process client(curl, (dir.path() / "curl").string());
  std::string seen;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline) {
    seen = client.stdout_text();
    if (seen.find("\"delta\":{\"content\":") != std::string::npos) break;
    std::this_thread::sleep_for(5ms);
  }
  INFO(seen);
  REQUIRE(seen.find("\"delta\":{\"content\":") != std::string::npos);
  CHECK(seen.find("[DONE]") == std::string::npos);          // the rest does not exist yet
  CHECK(seen.find("finish_reason\":\"stop") == std::string::npos);
  REQUIRE(client.wait(20s) == std::optional<int>(0));
  const std::string all = client.stdout_text();
  CHECK(all.find("data: [DONE]") != std::string::npos);
  CHECK(all.size() > seen.size());
}

TEST_CASE("decode slots: later streams wait in the queue, in their TTFT and in /metrics", "[integration][openai][stream]") {
  temp_dir dir;
  // Each answer holds its slot 100 ms + 9 x 20 ms = 280 ms; 2 slots, 6 streams: first tokens
  // at ~100 ms (2), ~380 ms (2), ~660 ms (2).
  ragserver_process server(dir.str(), {"--llm-scale", "1", "--llm-ttft", "100ms", "--llm-inter-token", "20ms",
                                       "--llm-ttft-spread", "0", "--llm-inter-token-spread", "0",
                                       "--llm-answer-tokens", "10", "--llm-decode-slots", "2", "--threads", "2"});
  auto c = server.client();
  load_corpus(c);

  constexpr int streams = 6;
  std::vector<sse_reply> replies(streams);
  std::vector<std::thread> threads;
  for (int i = 0; i < streams; ++i) {
    threads.emplace_back([&, i] {
      replies[i] = post_sse(server.port(), "/v1/chat/completions",
                            completion_body(true, "how are data files protected, variant " + std::to_string(i)), 30s);
    });
  }
  for (auto& t : threads) t.join();

  std::vector<double> ttft_ms;
  for (const auto& r : replies) {
    REQUIRE(r.status == 200);
    CHECK(r.complete);
    auto first = first_content(r);
    REQUIRE(first);
    ttft_ms.push_back(std::chrono::duration<double, std::milli>(*first).count());
  }
  std::sort(ttft_ms.begin(), ttft_ms.end());
  INFO("client TTFT ms: " << ttft_ms[0] << " " << ttft_ms[1] << " " << ttft_ms[2] << " " << ttft_ms[3] << " "
                          << ttft_ms[4] << " " << ttft_ms[5]);
  CHECK(ttft_ms[0] >= 95);
  CHECK(ttft_ms[2] >= 330);  // queued behind one answer
  CHECK(ttft_ms[4] >= 610);  // queued behind two
  CHECK(ttft_ms[2] - ttft_ms[0] >= 200);

  const std::string m = c.get("/metrics").body;
  const std::string route = "{route=\"/v1/chat/completions\"}";
  CHECK(metric(m, "llm_queue_wait_seconds_count" + route) == streams);
  CHECK(metric(m, "llm_queue_wait_seconds_bucket{route=\"/v1/chat/completions\",le=\"0.1\"}") == 2);  // no wait
  CHECK(metric(m, "llm_queue_wait_seconds_sum" + route) >= 0.95 * (2 * 0.28 + 2 * 0.56));
  CHECK(metric(m, "llm_time_to_first_token_seconds_count" + route) == streams);
  const double server_ttft = metric(m, "llm_time_to_first_token_seconds_sum" + route);
  double client_ttft = 0;
  for (double t : ttft_ms) client_ttft += t / 1000;
  CHECK(server_ttft >= 0.95 * (2 * 0.1 + 2 * 0.38 + 2 * 0.66));
  CHECK(server_ttft <= client_ttft);  // the server hands over before the client reads
  CHECK(metric(m, "llm_inter_event_seconds_count" + route) == streams * 9);
  CHECK(metric(m, "llm_decode_slots") == 2);
  std::ofstream(dir.path() / "metrics.prom") << m;
  auto lint = run_tool(dir, {"/bin/sh", "-c", "promtool check metrics < '" + (dir.path() / "metrics.prom").string() + "'"});
  INFO(lint.out << lint.err);
  CHECK(lint.status == 0);  // Prometheus' own parser and linter (names, units, _total)
  CHECK(metric(m, "llm_decode_slots_in_use") == 0);
  CHECK(metric(m, "llm_queue_depth") == 0);
}

TEST_CASE("decode slots: a full queue answers 503 in each route's error shape", "[integration][openai][stream]") {
  temp_dir dir;
  ragserver_process server(dir.str(), {"--llm-scale", "1", "--llm-ttft", "2s", "--llm-ttft-spread", "0",
                                       "--llm-answer-tokens", "2", "--llm-decode-slots", "1", "--llm-queue-max", "1"});
  auto c = server.client();
  load_corpus(c);
  // One request generates, one waits (both streamed, read in the background).
  std::vector<sse_reply> held(2);
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&, i] { held[i] = post_sse(server.port(), "/v1/chat/completions", completion_body(true), 30s); });
  }
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (metric(c.get("/metrics").body, "llm_queue_depth") < 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  REQUIRE(metric(c.get("/metrics").body, "llm_queue_depth") == 1);

  auto refused = c.post_json("/v1/chat/completions", completion_body(false));
  CHECK(refused.status == 503);
  CHECK(refused.header("retry-after") == "1");
  json e = json::parse(refused.body);
  CHECK(e["error"]["code"] == "server_is_overloaded");
  CHECK(e["error"]["type"] == "service_unavailable_error");
  auto chat = c.post_json("/v1/chat", R"({"query":"how are data files protected"})");
  CHECK(chat.status == 503);
  CHECK(json::parse(chat.body)["error"]["code"] == "overloaded");
  CHECK(metric(c.get("/metrics").body, "llm_queue_rejected_total") == 2);

  for (auto& t : threads) t.join();
  for (const auto& r : held) {
    CHECK(r.status == 200);
    CHECK(r.complete);
  }
}

TEST_CASE("the official openai npm client: models, plain, streamed, accumulated, errors", "[integration][openai][node]") {
  temp_dir dir;
  ragserver_process server(dir.str(), {"--llm-tokens-per-event", "1..3", "--llm-scale", "0.02"});
  auto c = server.client();
  load_corpus(c);
  const std::string script = source_dir() + "/tests/node/openai_client_check.mjs";
  // tests/node/node_modules comes from ci/setup.sh (npm ci); without it node fails and so does this test.
  auto run = run_tool(dir, {"/usr/bin/node", script, server.url() + "/v1"}, 120s);
  INFO(run.out << run.err);
  REQUIRE(run.status == 0);
  json summary = json::parse(run.out.substr(run.out.rfind('{')));
  CHECK(summary["ok"] == true);
  CHECK(summary["content_tokens"] == 32);
  CHECK(summary["content_chunks"].get<int>() < 32);  // the client handled multi-token chunks
  CHECK(metric(c.get("/metrics").body, "llm_time_to_first_token_seconds_count{route=\"/v1/chat/completions\"}") == 2);
}

TEST_CASE("decode slots: a client that goes away gives its slot back at once", "[integration][openai][stream]") {
  const std::string mode = GENERATE(as<std::string>{}, "http1.1", "h2c");
  INFO("mode " << mode);
  temp_dir dir;
  // One slot; an answer takes 50 ms + 19 x 500 ms = 9.55 s.
  ragserver_process server(dir.str(), {"--llm-scale", "1", "--llm-ttft", "50ms", "--llm-inter-token", "500ms",
                                       "--llm-ttft-spread", "0", "--llm-inter-token-spread", "0",
                                       "--llm-answer-tokens", "20", "--llm-decode-slots", "1"});
  auto c = server.client();
  load_corpus(c);
  const std::string body_file = (dir.path() / "body.json").string();
  std::ofstream(body_file) << completion_body(true);
  const auto started = std::chrono::steady_clock::now();
  auto gone = run_tool(dir, {"/usr/bin/curl", "-sS", "-N", "--max-time", "1",
                             mode == "h2c" ? "--http2-prior-knowledge" : "--http1.1", "-H",
                             "content-type: application/json", "--data-binary", "@" + body_file,
                             server.url() + "/v1/chat/completions"});
  CHECK(gone.status == 28);  // curl: operation timed out - it hung up mid-answer
  CHECK(gone.out.find("\"delta\":{\"content\":") != std::string::npos);
  double in_use = -1;
  while (std::chrono::steady_clock::now() - started < 5s) {
    in_use = metric(c.get("/metrics").body, "llm_decode_slots_in_use");
    if (in_use == 0) break;
    std::this_thread::sleep_for(20ms);
  }
  CHECK(in_use == 0);  // long before the 9.55 s the answer would have held it
  // The next request gets the slot at once.
  json short_answer = json::parse(completion_body(true));
  short_answer["max_tokens"] = 2;
  auto next = post_sse(server.port(), "/v1/chat/completions", short_answer.dump(), 30s);
  REQUIRE(next.status == 200);
  auto first = first_content(next);
  REQUIRE(first);
  CHECK(*first < 2s);
}
