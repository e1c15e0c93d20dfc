#pragma once
// A small blocking HTTP/2 client (libnghttp2 client session over a POSIX socket) for the
// transport tests: submit requests, run until a condition holds, and inspect replies, SETTINGS
// and GOAWAY. Every read has a timeout so a broken server fails the test instead of hanging it.
#include <nghttp2/nghttp2.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <string>
#include <vector>

namespace ragbench::test {

struct h2_reply {
  unsigned status = 0;
  std::map<std::string, std::string> headers;
  std::string body;
  std::vector<std::string> chunks;  // DATA payloads as received
  bool closed = false;
  std::uint32_t rst_code = 0;
};

class h2_test_client {
 public:
  // Connects and queues the client preface and SETTINGS with `settings` (sent on the first
  // run_until). An initial window of 0 makes a client that never lets the server send DATA.
  explicit h2_test_client(unsigned short port, std::vector<nghttp2_settings_entry> settings = {}) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    nghttp2_session_callbacks* cbs;
    nghttp2_session_callbacks_new(&cbs);
    nghttp2_session_callbacks_set_on_header_callback(cbs, &on_header);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cbs, &on_data);
    nghttp2_session_callbacks_set_on_stream_close_callback(cbs, &on_close);
    nghttp2_session_callbacks_set_on_frame_recv_callback(cbs, &on_frame);
    nghttp2_session_client_new(&session_, cbs, this);
    nghttp2_session_callbacks_del(cbs);
    nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings.data(), settings.size());
  }
  ~h2_test_client() {
    nghttp2_session_del(session_);
    ::close(fd_);
  }
  h2_test_client(const h2_test_client&) = delete;
  h2_test_client& operator=(const h2_test_client&) = delete;

  std::int32_t submit(const std::string& method, const std::string& path, std::string body = {},
                      std::vector<std::pair<std::string, std::string>> headers = {}) {
    std::vector<std::pair<std::string, std::string>> all{
        {":method", method}, {":path", path}, {":scheme", "http"}, {":authority", "127.0.0.1"}};
    all.insert(all.end(), headers.begin(), headers.end());
    std::vector<nghttp2_nv> nv;
    for (auto& [n, v] : all) {
      nv.push_back({reinterpret_cast<std::uint8_t*>(n.data()), reinterpret_cast<std::uint8_t*>(v.data()), n.size(),
                    v.size(), NGHTTP2_NV_FLAG_NONE});
    }
    bodies_.push_back(std::move(body));
    nghttp2_data_provider provider{};
    provider.source.ptr = &bodies_.back();
    provider.read_callback = &read_body;
    bool has_body = !bodies_.back().empty();
    std::int32_t id = nghttp2_submit_request(session_, nullptr, nv.data(), nv.size(), has_body ? &provider : nullptr,
                                             nullptr);
    REQUIRE(id > 0);
    replies[id];
    return id;
  }

  // Writes raw bytes straight to the socket (after flushing what the session has queued).
  void send_raw(const std::string& bytes) {
    flush();
    REQUIRE(::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size()));
  }

  // Sends and receives until `done()` or the peer closes; false on timeout.
  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
      flush();
      if (peer_closed) return done();
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char buf[16384];
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        peer_closed = true;
        continue;
      }
      if (nghttp2_session_mem_recv(session_, reinterpret_cast<std::uint8_t*>(buf), static_cast<std::size_t>(n)) < 0) {
        peer_closed = true;  // we cannot parse it: treat as the end
      }
    }
    flush();
    return true;
  }

  bool all_closed() const {
    for (auto& [id, r] : replies) {
      if (!r.closed) return false;
    }
    return true;
  }

  // The server's SETTINGS value (after its SETTINGS frame arrived).
  std::uint32_t remote_setting(nghttp2_settings_id id) const { return nghttp2_session_get_remote_settings(session_, id); }

  std::map<std::int32_t, h2_reply> replies;
  std::vector<std::uint32_t> goaways;  // error codes of GOAWAY frames received, in order
  std::vector<std::int32_t> goaway_last_ids;
  bool got_settings = false;
  bool peer_closed = false;

 private:
  void flush() {
    for (;;) {
      const std::uint8_t* p;
      ssize_t n = nghttp2_session_mem_send(session_, &p);
      if (n <= 0) return;
      if (::send(fd_, p, static_cast<std::size_t>(n), MSG_NOSIGNAL) != n) return;
    }
  }
  static ssize_t read_body(nghttp2_session*, std::int32_t, std::uint8_t* buf, std::size_t len, std::uint32_t* flags,
                           nghttp2_data_source* src, void*) {
    auto* body = static_cast<std::string*>(src->ptr);
    std::size_t n = std::min(len, body->size());
    std::copy(body->data(), body->data() + n, buf);
    body->erase(0, n);
    if (body->empty()) *flags |= NGHTTP2_DATA_FLAG_EOF;
    return static_cast<ssize_t>(n);
  }
  static int on_header(nghttp2_session*, const nghttp2_frame* f, const std::uint8_t* name, std::size_t namelen,
                       const std::uint8_t* value, std::size_t valuelen, std::uint8_t, void* user) {
    auto& r = static_cast<h2_test_client*>(user)->replies[f->hd.stream_id];
    std::string n(reinterpret_cast<const char*>(name), namelen), v(reinterpret_cast<const char*>(value), valuelen);
    if (n == ":status") r.status = static_cast<unsigned>(std::stoul(v));
    r.headers[n] = v;
    return 0;
  }
  static int on_data(nghttp2_session*, std::uint8_t, std::int32_t id, const std::uint8_t* data, std::size_t len,
                     void* user) {
    auto& r = static_cast<h2_test_client*>(user)->replies[id];
    r.body.append(reinterpret_cast<const char*>(data), len);
    r.chunks.emplace_back(reinterpret_cast<const char*>(data), len);
    return 0;
  }
  static int on_close(nghttp2_session*, std::int32_t id, std::uint32_t code, void* user) {
    auto& r = static_cast<h2_test_client*>(user)->replies[id];
    r.closed = true;
    r.rst_code = code;
    return 0;
  }
  static int on_frame(nghttp2_session*, const nghttp2_frame* f, void* user) {
    auto* self = static_cast<h2_test_client*>(user);
    if (f->hd.type == NGHTTP2_GOAWAY) {
      self->goaways.push_back(f->goaway.error_code);
      self->goaway_last_ids.push_back(f->goaway.last_stream_id);
    }
    if (f->hd.type == NGHTTP2_SETTINGS && !(f->hd.flags & NGHTTP2_FLAG_ACK)) self->got_settings = true;
    return 0;
  }

  int fd_ = -1;
  nghttp2_session* session_ = nullptr;
  std::list<std::string> bodies_;  // request bodies being sent (stable addresses)
};

}  // namespace ragbench::test
