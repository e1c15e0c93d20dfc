// Starting, waiting for and stopping a server under test.
#include "loadgen/experiment/server_process.hpp"

#include <arpa/inet.h>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <sstream>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace ragbench::loadgen {
namespace {

bool can_connect(unsigned short port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

// "... listening on http://HOST:PORT" anywhere in the text -> "http://HOST:PORT".
std::optional<std::string> listening_url(const std::string& text) {
  const std::string key = "listening on http://";
  auto at = text.find(key);
  if (at == std::string::npos) return std::nullopt;
  auto begin = at + key.size() - 7;
  auto end = text.find_first_of(" \r\n", begin);
  if (end == std::string::npos) return std::nullopt;  // line not complete yet
  return text.substr(begin, end - begin);
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

std::string server_process::substitute(std::string text, const std::map<std::string, std::string>& vars) {
  for (const auto& [name, value] : vars) {
    const std::string key = "{" + name + "}";
    for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
      text.replace(at, key.size(), value);
  }
  return text;
}

unsigned short server_process::free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw server_start_error("cannot create a socket to find a free port");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw server_start_error("cannot find a free loopback port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

server_process::server_process(const std::string& command, const std::filesystem::path& log_dir,
                               const std::map<std::string, std::string>& vars, std::chrono::milliseconds ready_timeout,
                               const std::function<bool()>& give_up) {
  if (command.find_first_not_of(" \t") == std::string::npos) throw server_start_error("empty server command");
  std::error_code ec;
  std::filesystem::create_directories(log_dir, ec);
  if (ec) throw server_start_error("cannot create " + log_dir.string() + ": " + ec.message());
  std::map<std::string, std::string> all = vars;
  unsigned short port = 0;
  if (command.find("{port}") != std::string::npos) {
    port = free_port();
    all["port"] = std::to_string(port);
  }
  if (command.find("{data_dir}") != std::string::npos) {
    auto data = log_dir / "data";
    std::filesystem::remove_all(data, ec);
    std::filesystem::create_directories(data, ec);
    all["data_dir"] = data.string();
  }
  command_ = substitute(command, all);
  out_path_ = log_dir / "server.out";
  err_path_ = log_dir / "server.err";

  const pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ < 0) throw server_start_error("fork failed for: " + command_);
  if (pid_ == 0) {
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    int out = ::open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = ::open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0 || err < 0) ::_exit(127);
    ::dup2(out, 1);
    ::dup2(err, 2);
    ::execl("/bin/sh", "sh", "-c", command_.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::setpgid(pid_, pid_);  // also from the parent, so stop() can signal the group at once

  const auto deadline = std::chrono::steady_clock::now() + ready_timeout;
  while (true) {
    if (auto u = listening_url(read_file(out_path_))) {
      url_ = *u;
      return;
    }
    if (port != 0 && can_connect(port)) {
      url_ = "http://127.0.0.1:" + std::to_string(port);
      return;
    }
    int status = 0;
    if (exited(status)) {
      throw server_start_error("server command exited (status " + std::to_string(status) +
                               ") before listening: " + command_ + "\n" + tail_of(err_path_));
    }
    if (give_up && give_up()) {
      stop(std::chrono::seconds(2));
      throw server_start_error("gave up waiting for the server (interrupted): " + command_);
    }
    if (std::chrono::steady_clock::now() > deadline) {
      stop(std::chrono::seconds(2));
      throw server_start_error("server not ready after " + std::to_string(ready_timeout.count()) +
                               " ms (no 'listening on http://HOST:PORT' line" +
                               (port ? ", port " + std::to_string(port) + " closed" : std::string()) + "): " + command_);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

server_process::~server_process() { stop(std::chrono::seconds(5)); }

bool server_process::exited(int& status) {
  if (status_) {
    status = *status_;
    return true;
  }
  int raw = 0;
  if (::waitpid(pid_, &raw, WNOHANG) != pid_) return false;
  status_ = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
  status = *status_;
  return true;
}

int server_process::stop(std::chrono::milliseconds grace) {
  int status = 0;
  if (pid_ <= 0 || exited(status)) return status_.value_or(0);
  ::kill(-pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (std::chrono::steady_clock::now() < deadline) {
    if (exited(status)) return status;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(-pid_, SIGKILL);
  int raw = 0;
  ::waitpid(pid_, &raw, 0);
  status_ = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
  return *status_;
}

std::string server_process::tail_of(const std::filesystem::path& p) const {
  std::string text = read_file(p);
  if (text.size() > 600) text = "..." + text.substr(text.size() - 600);
  return text;
}

}  // namespace ragbench::loadgen
