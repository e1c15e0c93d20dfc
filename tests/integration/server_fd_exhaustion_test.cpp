// ragserver out of file descriptors (issue 11): with a low RLIMIT_NOFILE and idle keep-alive
// connections holding every descriptor, accept() fails with EMFILE. The server must say so (a
// log line per interval, a counter on /metrics) and reclaim the oldest idle connections so new
// clients — /health — are still served within seconds, long before any idle timeout.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "integration/support/ragserver_process.hpp"
#include "support/temp_dir.hpp"

using namespace ragbench::testing;
using namespace std::chrono_literals;

namespace {

// A keep-alive client connection that has had one /health answered.
class held_connection {
 public:
  explicit held_connection(unsigned short port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd_ >= 0);
    timeval tv{8, 0};  // well under the server's idle timeout, well over a reclaim
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  }
  ~held_connection() { ::close(fd_); }
  held_connection(const held_connection&) = delete;
  held_connection& operator=(const held_connection&) = delete;

  // Sends GET /health and returns the status line ("" when nothing came in time).
  std::string health() {
    const std::string req = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
    if (::send(fd_, req.data(), req.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(req.size())) return "";
    std::string got;
    char buf[4096];
    while (got.find("\r\n\r\n") == std::string::npos || got.find("\"ok\"") == std::string::npos) {
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      got.append(buf, static_cast<std::size_t>(n));
    }
    return got.substr(0, got.find("\r\n"));
  }

  // True when the server has closed this connection (EOF or reset).
  bool closed_by_server() {
    char b;
    ssize_t n = ::recv(fd_, &b, 1, MSG_DONTWAIT);
    return n == 0 || (n < 0 && errno == ECONNRESET);
  }

 private:
  int fd_ = -1;
};

std::size_t open_descriptors(pid_t pid) {
  std::size_t n = 0;
  for ([[maybe_unused]] auto& e : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd")) ++n;
  return n;
}

double metric(const std::string& text, const std::string& series) {
  auto at = text.find("\n" + series + " ");
  return at == std::string::npos ? -1 : std::stod(text.substr(at + series.size() + 2));
}

}  // namespace

TEST_CASE("out of descriptors: counted, logged once per interval, idle connections reclaimed, /health served",
          "[integration][server][hostile]") {
  temp_dir dir;
  ragserver_process server(dir.str(), {"--idle-timeout", "300s", "--header-timeout", "300s"});
  REQUIRE(server.client().get("/health").status == 200);
  pid_t pid = server.process().pid();
  // Room for about 20 client connections on top of what the server already holds.
  rlim_t limit = static_cast<rlim_t>(open_descriptors(pid) + 20);
  rlimit rl{limit, limit};
  REQUIRE(::prlimit(pid, RLIMIT_NOFILE, &rl, nullptr) == 0);

  std::vector<std::unique_ptr<held_connection>> held;
  auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 60; ++i) {
    held.push_back(std::make_unique<held_connection>(server.port()));
    INFO("connection " << i);
    REQUIRE(held.back()->health() == "HTTP/1.1 200 OK");  // before the fix: nothing until an idle timeout
  }
  CHECK(std::chrono::steady_clock::now() - started < 30s);
  CHECK(held.front()->closed_by_server());  // the oldest idle ones made room
  CHECK_FALSE(held.back()->closed_by_server());
  held.clear();

  std::string text;
  for (int attempt = 0; attempt < 50 && text.empty(); ++attempt) {  // our closes free the server's descriptors
    try {
      text = server.client().get("/metrics").body;
    } catch (const std::exception&) {
      std::this_thread::sleep_for(100ms);
    }
  }
  CHECK(metric(text, "http_accept_errors_total{reason=\"emfile\"}") >= 1);
  CHECK(metric(text, "http_connections_reclaimed_total") >= 40);
  auto log = server.process().stderr_text();
  std::size_t lines = 0;
  for (auto at = log.find("accept failed"); at != std::string::npos; at = log.find("accept failed", at + 1)) ++lines;
  CHECK(lines >= 1);
  CHECK(lines <= 3);  // once per interval, not once per failure
  CHECK_THAT(log, Catch::Contains("Too many open files"));
}
