#pragma once
// A real nginx (Debian nginx-light: http2 + ssl) for the HTTP/2 and TLS tests, started in a temp
// dir on free loopback ports and killed with the test. Listeners:
//   h2c()        prior-knowledge HTTP/2, http2_max_concurrent_streams 32
//   h2c_few()    h2c with keepalive_requests 10 (a GOAWAY after every 10th request)
//   tls()        HTTPS, ALPN h2 and http/1.1
//   tls_h1()     HTTPS, http/1.1 only
//   tls_few()    HTTPS (h2 and http/1.1) with keepalive_requests 10: frequent reconnects
// Routes (every listener): /big -> big_bytes bytes; /slow -> the same at 64 KiB/s; /login -> {"tok":"abc123"}; /echo... -> {"path":URI,"len":CONTENT_LENGTH,
// "proto":PROTOCOL}; anything else -> {"ok":true}. The certificate (cert_path()) is self-signed for
// localhost and 127.0.0.1. Stopped with SIGQUIT and waited for. Header-only test helper.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace test {

// `n` distinct free loopback ports (all held open while choosing, so none repeats).
inline std::vector<std::uint16_t> free_ports(std::size_t n) {
  boost::asio::io_context io;
  std::vector<std::unique_ptr<boost::asio::ip::tcp::acceptor>> held;
  std::vector<std::uint16_t> ports;
  for (std::size_t i = 0; i < n; ++i) {
    held.push_back(std::make_unique<boost::asio::ip::tcp::acceptor>(
        io, boost::asio::ip::tcp::endpoint{boost::asio::ip::make_address("127.0.0.1"), 0}));
    ports.push_back(held.back()->local_endpoint().port());
  }
  return ports;
}

inline bool port_open(std::uint16_t port) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket s(io);
  boost::system::error_code ec;
  s.connect({boost::asio::ip::make_address("127.0.0.1"), port}, ec);
  return !ec;
}

class nginx_fixture {
 public:
  nginx_fixture() : ports_(free_ports(5)), h2c_(ports_[0]), h2c_few_(ports_[1]), tls_(ports_[2]), tls_h1_(ports_[3]),
                    tls_few_(ports_[4]) {
    const std::string d = dir_.str();
    std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -keyout " + d + "/key.pem -out " + d +
                      "/cert.pem -days 2 -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 "
                      ">/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("openssl req failed");
    {  // /big and /slow serve this file; nginx's worker (another user) must be able to read it
      std::ofstream big(d + "/big.bin", std::ios::binary);
      const std::string block(1 << 20, 'z');
      for (std::size_t i = 0; i < big_bytes; i += block.size()) big << block;
    }
    std::filesystem::permissions(d, std::filesystem::perms::others_read | std::filesystem::perms::others_exec |
                                        std::filesystem::perms::group_read | std::filesystem::perms::group_exec,
                                 std::filesystem::perm_options::add);
    std::filesystem::permissions(d + "/big.bin", std::filesystem::perms::others_read, std::filesystem::perm_options::add);
    const std::string routes =
        "    location /big { default_type application/octet-stream; alias " + d + "/big.bin; }\n"
        "    location /slow { default_type application/octet-stream; limit_rate 64k; alias " + d + "/big.bin; }\n"
        "    location /login { default_type application/json; return 200 '{\"tok\":\"abc123\"}'; }\n"
        "    location /echo { default_type application/json;\n"
        "      return 200 '{\"path\":\"$request_uri\",\"len\":\"$content_length\",\"proto\":\"$server_protocol\"}'; }\n"
        "    location / { default_type application/json; return 200 '{\"ok\":true}'; }\n";
    const std::string tls = "    ssl_certificate " + d + "/cert.pem;\n    ssl_certificate_key " + d + "/key.pem;\n";
    std::ofstream conf(d + "/nginx.conf");
    conf << "worker_processes 1;\ndaemon off;\nerror_log " << d << "/error.log warn;\npid " << d << "/nginx.pid;\n"
         << "events { worker_connections 1024; }\nhttp {\n  access_log off;\n  keepalive_requests 1000000;\n"
         << "  client_body_temp_path " << d << ";\n  proxy_temp_path " << d << ";\n  fastcgi_temp_path " << d
         << ";\n  uwsgi_temp_path " << d << ";\n  scgi_temp_path " << d << ";\n"
         << "  server {\n    listen 127.0.0.1:" << h2c_ << " http2;\n    http2_max_concurrent_streams 32;\n"
         << routes << "  }\n"
         << "  server {\n    listen 127.0.0.1:" << h2c_few_ << " http2;\n    keepalive_requests 10;\n" << routes
         << "  }\n"
         << "  server {\n    listen 127.0.0.1:" << tls_ << " ssl http2;\n" << tls << routes << "  }\n"
         << "  server {\n    listen 127.0.0.1:" << tls_h1_ << " ssl;\n" << tls << routes << "  }\n"
         << "  server {\n    listen 127.0.0.1:" << tls_few_ << " ssl http2;\n    keepalive_requests 10;\n" << tls
         << routes << "  }\n}\n";
    conf.close();
    process_ = std::make_unique<ragbench::testing::child_process>(
        std::vector<std::string>{"/usr/sbin/nginx", "-p", d, "-e", d + "/error.log", "-c", d + "/nginx.conf"},
        d + "/nginx");
    for (int i = 0; i < 500; ++i) {  // start-up: poll until every listener accepts (at most 5 s)
      if (port_open(h2c_) && port_open(h2c_few_) && port_open(tls_) && port_open(tls_h1_) && port_open(tls_few_)) return;
      if (!process_->running()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    throw std::runtime_error("nginx did not start: " + process_->stderr_text());
  }

  // A graceful stop (SIGQUIT: the master ends its workers, then itself) and a wait; the
  // child_process destructor then kills the process group, so no worker outlives the test.
  ~nginx_fixture() {
    if (!process_) return;
    process_->signal(SIGQUIT);
    process_->wait(std::chrono::seconds(5));
  }
  nginx_fixture(const nginx_fixture&) = delete;
  nginx_fixture& operator=(const nginx_fixture&) = delete;

  static constexpr std::size_t big_bytes = 16u << 20;  // the size of /big and /slow (64 KiB/s)
  std::string h2c() const { return url("http", h2c_); }
  std::string h2c_few() const { return url("http", h2c_few_); }
  std::string tls() const { return url("https", tls_); }
  std::string tls_h1() const { return url("https", tls_h1_); }
  std::string tls_few() const { return url("https", tls_few_); }
  std::uint16_t h2c_port() const { return h2c_; }
  std::uint16_t h2c_few_port() const { return h2c_few_; }
  std::string cert_path() const { return dir_.str() + "/cert.pem"; }
  std::string dir() const { return dir_.str(); }

 private:
  static std::string url(const char* scheme, std::uint16_t port) {
    return std::string(scheme) + "://127.0.0.1:" + std::to_string(port);
  }
  ragbench::testing::temp_dir dir_;
  std::vector<std::uint16_t> ports_;
  std::uint16_t h2c_, h2c_few_, tls_, tls_h1_, tls_few_;
  std::unique_ptr<ragbench::testing::child_process> process_;
};

}  // namespace test
