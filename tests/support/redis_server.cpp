// redis_server: a throw-away redis-server on a free loopback port, for unit and integration tests.
#include "support/redis_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <thread>

namespace ragbench::testing {
namespace {

constexpr const char* k_binary = "/usr/bin/redis-server";

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("could not find a free port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

// Sends one inline command and returns the first reply line, or throws.
std::string send_inline(int port, const std::string& command) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  timeval tv{2, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("redis on port " + std::to_string(port) + " is not reachable");
  }
  const std::string line = command + "\r\n";
  std::string reply;
  if (::send(fd, line.data(), line.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(line.size())) {
    char c;
    while (::recv(fd, &c, 1, 0) == 1 && c != '\n') reply += c;
  }
  ::close(fd);
  if (!reply.empty() && reply.back() == '\r') reply.pop_back();
  if (reply.empty()) throw std::runtime_error("redis on port " + std::to_string(port) + " sent no reply");
  return reply;
}

}  // namespace

redis_server::redis_server() {
  // A missing server fails the test that needs it, with the reason: never a silent skip.
  if (!std::filesystem::exists(k_binary))
    throw std::runtime_error(std::string(k_binary) + " is not installed (ci/setup.sh installs redis-server)");
  for (int attempt = 0; attempt < 5; ++attempt) {
    port_ = free_port();
    if (launch()) return;
  }
  throw std::runtime_error("redis-server did not start: " + (process_ ? process_->stderr_text() + process_->stdout_text() : ""));
}

redis_server::~redis_server() = default;  // child_process kills it

std::string redis_server::url() const { return "redis://127.0.0.1:" + std::to_string(port_); }

bool redis_server::launch() {
  const std::string log = (dir_.path() / ("redis-" + std::to_string(++launches_))).string();
  process_ = std::make_unique<child_process>(
      std::vector<std::string>{k_binary, "--port", std::to_string(port_), "--bind", "127.0.0.1",
                               "--save", "", "--appendonly", "no", "--dir", dir_.str(),
                               "--daemonize", "no", "--protected-mode", "no", "--loglevel", "warning"},
      log);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (!process_->running()) return false;
    try {
      if (send_inline(port_, "PING") == "+PONG") return true;
    } catch (const std::runtime_error&) {
      // not listening yet
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  throw std::runtime_error("redis-server on port " + std::to_string(port_) +
                           " did not answer PING within 10 s: " + process_->stderr_text());
}

void redis_server::stop() {
  if (!process_) return;
  process_->signal(SIGKILL);
  process_->wait(std::chrono::seconds(10));
  process_.reset();
}

void redis_server::start() {
  if (running()) return;
  if (!launch()) {
    throw std::runtime_error("redis-server could not restart on port " + std::to_string(port_) +
                             ": " + process_->stdout_text() + process_->stderr_text());
  }
}

void redis_server::pause() {
  if (process_) process_->signal(SIGSTOP);
}

void redis_server::resume() {
  if (process_) process_->signal(SIGCONT);
}

bool redis_server::running() const { return process_ && process_->running(); }

std::string redis_server::command(const std::string& inline_command) const {
  return send_inline(port_, inline_command);
}

}  // namespace ragbench::testing
