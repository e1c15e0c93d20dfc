// postgres_server: initdb + postgres in a temp dir, as the `postgres` user when running as root.
// Processes are forked here (not via child_process) because the child must drop privileges before
// exec and set its parent-death signal after that (setuid clears it).
#include "support/postgres_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

extern char** environ;

namespace ragbench::testing {
namespace {

const std::string bin_dir = "/usr/lib/postgresql/15/bin/";

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

unsigned short free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("postgres_server: socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("postgres_server: cannot pick a free port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

// The uid/gid to run the server as: the `postgres` user when we are root, else ourselves.
struct identity {
  bool switch_user = false;
  uid_t uid = 0;
  gid_t gid = 0;
};

identity server_identity() {
  identity id;
  if (::geteuid() != 0) return id;
  const passwd* pw = ::getpwnam("postgres");
  if (!pw) throw std::runtime_error("postgres_server: running as root but there is no `postgres` user");
  id.switch_user = true;
  id.uid = pw->pw_uid;
  id.gid = pw->pw_gid;
  return id;
}

// Forks and execs argv with stdout+stderr appended to `log`; the child runs as `who` and receives
// `death_signal` when this process dies.
pid_t spawn(const std::vector<std::string>& argv, const std::filesystem::path& log, const identity& who,
            int death_signal) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd < 0) throw std::runtime_error("postgres_server: cannot open " + log.string());
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fd);
    throw std::runtime_error("postgres_server: fork failed");
  }
  if (pid == 0) {
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    const int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, 0);
    if (who.switch_user && (::setgroups(0, nullptr) != 0 || ::setgid(who.gid) != 0 || ::setuid(who.uid) != 0))
      _exit(126);
    ::prctl(PR_SET_PDEATHSIG, death_signal);  // after setuid, which clears it
    if (::getppid() != parent) _exit(126);
    ::execve(args[0], args.data(), environ);
    _exit(127);
  }
  ::close(fd);
  return pid;
}

int wait_exit(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

postgres_server::postgres_server() {
  const identity who = server_identity();
  data_dir_ = dir_.path() / "data";
  socket_dir_ = dir_.path();
  log_path_ = dir_.path() / "postgres.log";
  if (who.switch_user && ::chown(dir_.path().c_str(), who.uid, who.gid) != 0)
    throw std::runtime_error("postgres_server: cannot chown " + dir_.str() + " to postgres");
  const auto initdb_log = dir_.path() / "initdb.log";
  const pid_t initdb = spawn({bin_dir + "initdb", "-D", data_dir_.string(), "-U", "postgres", "-A", "trust",
                              "-E", "UTF8", "--no-locale", "--no-sync", "--no-instructions"},
                             initdb_log, who, SIGKILL);
  if (wait_exit(initdb) != 0) throw std::runtime_error("postgres_server: initdb failed: " + read_file(initdb_log));
  port_ = free_port();
  start();
}

postgres_server::~postgres_server() {
  try {
    stop();
  } catch (...) {
  }
}

void postgres_server::start() {
  if (running()) return;
  const identity who = server_identity();
  const auto started_at = read_file(log_path_).size();
  pid_ = spawn({bin_dir + "postgres", "-D", data_dir_.string(), "-p", std::to_string(port_), "-k",
                socket_dir_.string(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c",
                "full_page_writes=off", "-c", "shared_buffers=16MB", "-c", "max_connections=200", "-c",
                "logging_collector=off"},
               log_path_, who, SIGQUIT);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string log = read_file(log_path_);
    if (log.find("ready to accept connections", started_at) != std::string::npos) return;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("postgres_server: postgres exited during start-up: " + log.substr(started_at));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("postgres_server: not ready after 30 s: " + read_file(log_path_).substr(started_at));
}

void postgres_server::stop() {
  if (!running()) return;
  ::kill(pid_, SIGINT);
  wait_exit(pid_);
  pid_ = -1;
}

std::string postgres_server::url(const std::string& database) const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

std::string postgres_server::create_schema() {
  const std::string name = "t_" + std::to_string(++schemas_);
  execute("CREATE SCHEMA " + name);
  return url() + "?options=-c%20search_path%3D" + name;
}

std::string postgres_server::execute(const std::string& sql, const std::string& database) const {
  const auto out = dir_.path() / ("psql-" + std::to_string(++psql_runs_) + ".out");
  const pid_t pid = spawn({bin_dir + "psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                           "-p", std::to_string(port_), "-U", "postgres", "-d", database, "-c", sql},
                          out, identity{}, SIGKILL);
  const int status = wait_exit(pid);
  std::string text = read_file(out);
  std::error_code ignored;
  std::filesystem::remove(out, ignored);
  if (status != 0) throw std::runtime_error("psql failed (" + sql + "): " + text);
  return text;
}

std::string postgres_server::log_text() const { return read_file(log_path_); }

postgres_server& shared_postgres_server() {
  static postgres_server server;
  return server;
}

}  // namespace ragbench::testing
