#pragma once
// An in-process server that streams OpenAI-style Server-Sent Events on a scripted schedule, over
// HTTP/1.1 (chunked or Content-Length), h2c (prior knowledge) or TLS (ALPN h2 or http/1.1, whichever
// the client offers). It records, for every request, when it actually did each thing (steady_clock,
// the same clock loadgen reads in this process), so a test can compare loadgen's measurements with
// the server's real send times rather than its intended ones.
//
// Each response: the head (Content-Type: text/event-stream) at arrival + head_delay, a role-only
// chunk (not output) with it, output events at arrival + ttft + gaps..., each carrying
// tokens_per_event words; then, unless cut, an optional usage chunk and `data: [DONE]`. A cut
// stream stops before output event `cut_after`: HTTP/1.1 closes the connection, HTTP/2 resets the
// stream (RST_STREAM INTERNAL_ERROR).
// Threads: one accepting, one per connection (HTTP/2 connections serve their streams concurrently).
#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/temp_dir.hpp"

namespace ragbench::loadgen::test {

struct sse_script {
  std::chrono::microseconds head_delay{0};         // request complete -> response head
  std::chrono::microseconds ttft{20'000};          // request complete -> first output event
  std::vector<std::chrono::microseconds> gaps;     // between output events (events = gaps + 1)
  unsigned tokens_per_event = 1;
  bool usage = false;                              // a usage chunk: completion_tokens = all tokens
  bool content_length = false;                     // HTTP/1.1: Content-Length instead of chunked
  std::optional<std::size_t> cut_after;            // cut before this output event (0 = before the first)
  std::size_t events() const { return gaps.size() + 1; }
};

// What the server did for one request (steady_clock time points).
struct sse_record {
  std::chrono::steady_clock::time_point arrival;    // the whole request had been read
  std::chrono::steady_clock::time_point head_sent;  // just before the head was written
  std::vector<std::chrono::steady_clock::time_point> sent;  // just before each output event was written
  bool cut = false;
  std::string protocol;  // "http/1.1" or "h2"
};

enum class sse_transport { http1, h2c, tls };

class scripted_sse_server {
 public:
  // `pick` chooses the script per request from its path; by default every request gets `script`.
  scripted_sse_server(sse_transport transport, sse_script script,
                      std::function<sse_script(const std::string& path)> pick = {});
  ~scripted_sse_server();
  scripted_sse_server(const scripted_sse_server&) = delete;
  scripted_sse_server& operator=(const scripted_sse_server&) = delete;

  std::uint16_t port() const { return port_; }
  std::string url() const;        // http://127.0.0.1:PORT or https://...
  std::string cert_path() const;  // TLS: the self-signed certificate (CN localhost, IP 127.0.0.1)
  std::vector<sse_record> records() const;  // in order of arrival

  // Internal: one connection's handler (defined in the .cpp).
  struct connection;

 private:
  void accept_loop();
  void serve(int fd);
  std::size_t begin_record(const std::string& protocol);
  void update(std::size_t index, const std::function<void(sse_record&)>& f);
  sse_script script_for(const std::string& path) const;
  friend struct connection;

  sse_transport transport_;
  sse_script script_;
  std::function<sse_script(const std::string&)> pick_;
  ragbench::testing::temp_dir dir_;
  void* tls_ = nullptr;  // SSL_CTX*
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  bool stopping_ = false;
  mutable std::mutex mutex_;
  std::vector<sse_record> records_;
  std::vector<int> fds_;
  std::list<std::thread> threads_;
  std::thread accept_thread_;
};

// The body bytes of one event of the script's stream (OpenAI chat.completion.chunk format).
std::string sse_role_chunk();
std::string sse_output_chunk(std::size_t index, unsigned tokens);
std::string sse_usage_chunk(std::uint64_t completion_tokens);
std::string sse_done();

}  // namespace ragbench::loadgen::test
