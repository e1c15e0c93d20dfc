// ragserver over HTTP/2 and TLS against real clients: curl (prior knowledge, Upgrade: h2c,
// HTTPS with ALPN h2 and http/1.1), nghttp (SETTINGS), h2load (many multiplexed streams), and a
// raw socket for what clients do not show (GOAWAY codes on garbage and on graceful stop).
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>

#include "integration/support/ragserver_process.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::testing;
using namespace std::chrono_literals;

namespace {

struct tool_result {
  int status = -1;
  std::string out;
};

// Runs a client tool to completion (at most 30 s) with its output captured in `dir`.
tool_result run_tool(const temp_dir& dir, std::vector<std::string> argv) {
  static int n = 0;
  child_process p(std::move(argv), (dir.path() / ("tool" + std::to_string(++n))).string());
  auto status = p.wait(30s);
  return {status.value_or(-1), p.stdout_text() + p.stderr_text()};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A raw TCP connection speaking just enough HTTP/2 framing to see GOAWAY frames.
class raw_h2 {
 public:
  explicit raw_h2(unsigned short port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    // client preface + empty SETTINGS
    send(std::string("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") + std::string("\x00\x00\x00\x04\x00\x00\x00\x00\x00", 9));
  }
  ~raw_h2() { ::close(fd_); }
  void send(const std::string& bytes) { REQUIRE(::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) > 0); }

  // Reads frames until a GOAWAY arrives (returns its error code) or the connection ends or
  // `timeout` passes (nullopt).
  std::optional<std::uint32_t> wait_goaway(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      while (buf_.size() >= 9) {
        std::size_t len = (std::uint8_t(buf_[0]) << 16) | (std::uint8_t(buf_[1]) << 8) | std::uint8_t(buf_[2]);
        if (buf_.size() < 9 + len) break;
        if (buf_[3] == 0x07 && len >= 8) {
          std::uint32_t code = 0;
          for (int i = 0; i < 4; ++i) code = (code << 8) | std::uint8_t(buf_[9 + 4 + i]);
          buf_.erase(0, 9 + len);
          return code;
        }
        buf_.erase(0, 9 + len);
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char tmp[4096];
      ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
      if (n <= 0) return std::nullopt;
      buf_.append(tmp, static_cast<std::size_t>(n));
    }
  }
  // True when the server closes the connection within `timeout`.
  bool wait_close(std::chrono::milliseconds timeout) {
    pollfd p{fd_, POLLIN, 0};
    char tmp[4096];
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (::poll(&p, 1, 50) > 0 && ::recv(fd_, tmp, sizeof tmp, 0) <= 0) return true;
    }
    return false;
  }

 private:
  int fd_ = -1;
  std::string buf_;
};

}  // namespace

// "requests: N total, N started, N done, S succeeded, F failed, E errored" -> S (or -1).
long h2load_count(const std::string& out, const std::string& what) {
  auto at = out.find(" " + what);
  if (at == std::string::npos) return -1;
  auto begin = out.rfind(' ', at - 1);
  return std::stol(out.substr(begin + 1, at - begin - 1));
}

TEST_CASE("h2c with curl, nghttp and h2load: prior knowledge, upgrade, SETTINGS, multiplexing",
          "[integration][http2]") {
  temp_dir dir;
  ragserver_process server(dir.str());
  std::string health = server.url() + "/health";

  auto prior = run_tool(dir, {"/usr/bin/curl", "-sS", "--http2-prior-knowledge", "-w", "\n%{http_version} %{http_code}", health});
  CHECK(prior.status == 0);
  CHECK(contains(prior.out, "\"ok\""));
  CHECK(contains(prior.out, "\n2 200"));

  auto upgrade = run_tool(dir, {"/usr/bin/curl", "-sS", "-v", "--http2", "-w", "\n%{http_version} %{http_code}", health});
  CHECK(contains(upgrade.out, "101 Switching Protocols"));
  CHECK(contains(upgrade.out, "\n2 200"));

  auto load = run_tool(dir, {"/usr/bin/h2load", "-n", "200", "-c", "2", "-m", "10", health});
  CHECK(load.status == 0);
  CHECK(contains(load.out, "200 succeeded"));
  CHECK(contains(load.out, "status codes: 200 2xx"));

  // 100 streams at once on one connection
  auto many = run_tool(dir, {"/usr/bin/h2load", "-n", "1000", "-c", "1", "-m", "100", health});
  CHECK(contains(many.out, "1000 succeeded"));
}

TEST_CASE("max concurrent streams: advertised in SETTINGS, streams beyond it refused", "[integration][http2]") {
  temp_dir dir;
  ragserver_process server(dir.str(), {"--h2-max-concurrent-streams", "7"});
  std::string health = server.url() + "/health";
  auto nghttp = run_tool(dir, {"/usr/bin/nghttp", "-nv", health});
  CHECK(nghttp.status == 0);
  CHECK(contains(nghttp.out, "recv SETTINGS frame"));
  CHECK(contains(nghttp.out, "[SETTINGS_MAX_CONCURRENT_STREAMS(0x03):7]"));
  CHECK(contains(nghttp.out, ":status: 200"));
  // h2load opens 40 streams before our SETTINGS arrive: those beyond 7 are reset (RST_STREAM),
  // never served; every answered stream is a 200.
  auto load = run_tool(dir, {"/usr/bin/h2load", "-n", "400", "-c", "1", "-m", "40", health});
  INFO(load.out);
  long ok = h2load_count(load.out, "succeeded"), errored = h2load_count(load.out, "errored");
  CHECK(ok > 0);
  CHECK(ok + errored == 400);
  CHECK(contains(load.out, "status codes: " + std::to_string(ok) + " 2xx, 0 3xx, 0 4xx, 0 5xx"));
}

TEST_CASE("SSE /v1/chat over h2 streams its events in order", "[integration][http2]") {
  temp_dir dir;
  ragserver_process server(dir.str());
  auto chat = run_tool(dir, {"/usr/bin/curl", "-sS", "-N", "--http2-prior-knowledge", "-H", "content-type: application/json",
                             "-d", R"({"query":"how does write ahead logging work"})", server.url() + "/v1/chat"});
  CHECK(chat.status == 0);
  auto start = chat.out.find("event: start");
  auto token = chat.out.find("event: token");
  auto done = chat.out.find("event: done");
  INFO(chat.out);
  REQUIRE(start != std::string::npos);
  REQUIRE(done != std::string::npos);
  CHECK(start < done);
  if (token != std::string::npos) CHECK((start < token && token < done));
}

TEST_CASE("HTTPS: ALPN picks h2 or http/1.1 - bad key files refuse to start", "[integration][http2][tls]") {
  temp_dir dir;
  std::string cert = (dir.path() / "cert.pem").string(), key = (dir.path() / "key.pem").string();
  auto gen = run_tool(dir, {"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                            "-days", "1", "-subj", "/CN=localhost"});
  REQUIRE(gen.status == 0);
  {
    ragserver_process server(dir.str(), {"--tls-cert", cert, "--tls-key", key});
    std::string url = "https://127.0.0.1:" + std::to_string(server.port()) + "/health";
    auto h2 = run_tool(dir, {"/usr/bin/curl", "-sSk", "--http2", "-w", "\n%{http_version} %{http_code}", url});
    CHECK(contains(h2.out, "\n2 200"));
    auto h1 = run_tool(dir, {"/usr/bin/curl", "-sSk", "--http1.1", "-w", "\n%{http_version} %{http_code}", url});
    CHECK(contains(h1.out, "\n1.1 200"));
    auto load = run_tool(dir, {"/usr/bin/h2load", "-n", "100", "-c", "2", "-m", "10", url});
    CHECK(contains(load.out, "Application protocol: h2"));
    CHECK(contains(load.out, "status codes: 100 2xx"));
    auto plain = run_tool(dir, {"/usr/bin/curl", "-sS", "--max-time", "5", "http://127.0.0.1:" + std::to_string(server.port()) +
                                                                      "/health"});
    CHECK(plain.status != 0);  // plaintext on a TLS listener is not answered
  }
  child_process bad({build_dir() + "/bin/ragserver", "--data-dir", dir.str(), "--listen", "127.0.0.1:0", "--tls-cert",
                     cert, "--tls-key", cert},
                    (dir.path() / "bad").string());
  CHECK(bad.wait(20s) == std::optional<int>(2));
  CHECK(contains(bad.stderr_text(), "key"));
}

TEST_CASE("garbage after the preface gets GOAWAY PROTOCOL_ERROR", "[integration][http2]") {
  temp_dir dir;
  ragserver_process server(dir.str());
  raw_h2 c(server.port());
  c.send(std::string("\x00\x00\x04\x00\x00\x00\x00\x00\x00junk", 13));  // DATA on stream 0
  auto code = c.wait_goaway(5s);
  REQUIRE(code);
  CHECK(*code == 0x1);  // PROTOCOL_ERROR
  CHECK(c.wait_close(5s));
}

TEST_CASE("graceful stop sends GOAWAY NO_ERROR to an idle h2 connection", "[integration][http2]") {
  temp_dir dir;
  ragserver_process server(dir.str());
  raw_h2 c(server.port());
  REQUIRE(!c.wait_goaway(200ms));  // the connection is up and quiet
  server.process().signal(SIGTERM);
  auto code = c.wait_goaway(10s);
  REQUIRE(code);
  CHECK(*code == 0x0);
  CHECK(c.wait_close(10s));
  CHECK(server.process().wait(20s) == std::optional<int>(0));
}
