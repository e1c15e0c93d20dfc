// The scripted SSE server: POSIX sockets (non-blocking, poll), OpenSSL for TLS, nghttp2 for HTTP/2.
#include "scripted_sse_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <map>
#include <stdexcept>

#include <nghttp2/nghttp2.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

namespace ragbench::loadgen::test {

using clock = std::chrono::steady_clock;

std::string sse_role_chunk() {
  return "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
         "\"content\":\"\"}}]}\n\n";
}

std::string sse_output_chunk(std::size_t index, unsigned tokens) {
  std::string words;
  for (unsigned t = 0; t < tokens; ++t) words += (t ? " w" : "w") + std::to_string(index);
  return "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + words +
         "\"},\"finish_reason\":null}]}\n\n";
}

std::string sse_usage_chunk(std::uint64_t completion_tokens) {
  return ": usage follows\ndata: {\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":7,"
         "\"completion_tokens\":" + std::to_string(completion_tokens) + ",\"total_tokens\":" +
         std::to_string(completion_tokens + 7) + "}}\n\n";
}

std::string sse_done() { return "data: [DONE]\n\n"; }

// One connection: bytes in and out over a non-blocking fd, through TLS when `ssl` is set.
struct scripted_sse_server::connection {
  scripted_sse_server& server;
  int fd;
  SSL* ssl = nullptr;

  bool stopping() const {
    std::lock_guard lock(server.mutex_);
    return server.stopping_;
  }
  // Waits up to `timeout` for input; true when some can be read.
  bool wait_readable(std::chrono::microseconds timeout) {
    if (ssl && SSL_pending(ssl) > 0) return true;
    pollfd p{fd, POLLIN, 0};
    const int ms = static_cast<int>(std::max<std::int64_t>(0, (timeout.count() + 999) / 1000));
    return ::poll(&p, 1, ms) > 0;
  }
  // >0 bytes read, 0 nothing now, -1 closed or failed.
  long read_some(char* buf, std::size_t n) {
    if (ssl) {
      const int r = SSL_read(ssl, buf, static_cast<int>(n));
      if (r > 0) return r;
      const int e = SSL_get_error(ssl, r);
      return e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE ? 0 : -1;
    }
    const ssize_t r = ::recv(fd, buf, n, 0);
    if (r > 0) return r;
    if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return 0;
    return -1;
  }
  bool write_all(std::string_view data) {
    while (!data.empty()) {
      long n = 0;
      if (ssl) {
        const int r = SSL_write(ssl, data.data(), static_cast<int>(data.size()));
        if (r <= 0) {
          const int e = SSL_get_error(ssl, r);
          if (e != SSL_ERROR_WANT_WRITE && e != SSL_ERROR_WANT_READ) return false;
        }
        n = std::max(r, 0);
      } else {
        const ssize_t r = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return false;
        n = std::max<ssize_t>(r, 0);
      }
      data.remove_prefix(static_cast<std::size_t>(n));
      if (!data.empty()) {
        pollfd p{fd, POLLOUT, 0};
        ::poll(&p, 1, 50);
        if (stopping()) return false;
      }
    }
    return true;
  }
  bool handshake() {
    while (true) {
      const int r = SSL_accept(ssl);
      if (r == 1) return true;
      const int e = SSL_get_error(ssl, r);
      if ((e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) || stopping()) return false;
      pollfd p{fd, static_cast<short>(e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT), 0};
      ::poll(&p, 1, 50);
    }
  }
  void sleep_until(clock::time_point t) {
    while (!stopping()) {
      const auto now = clock::now();
      if (now >= t) return;
      std::this_thread::sleep_for(std::min<clock::duration>(t - now, std::chrono::milliseconds(50)));
    }
  }

  void serve_http1();
  void serve_h2();
};

// ---- HTTP/1.1 ------------------------------------------------------------------------------------

void scripted_sse_server::connection::serve_http1() {
  std::string in;
  char buf[16384];
  while (!stopping()) {
    std::size_t end;
    while ((end = in.find("\r\n\r\n")) == std::string::npos) {
      if (!wait_readable(std::chrono::milliseconds(50))) {
        if (stopping()) return;
        continue;
      }
      const long n = read_some(buf, sizeof buf);
      if (n < 0) return;
      in.append(buf, static_cast<std::size_t>(n));
    }
    std::size_t body = 0;
    const std::string head = in.substr(0, end + 4);
    for (const char* name : {"Content-Length: ", "content-length: "})
      if (auto p = head.find(name); p != std::string::npos) body = std::stoul(head.substr(p + 16));
    while (in.size() < end + 4 + body) {
      if (!wait_readable(std::chrono::milliseconds(50))) {
        if (stopping()) return;
        continue;
      }
      const long n = read_some(buf, sizeof buf);
      if (n < 0) return;
      in.append(buf, static_cast<std::size_t>(n));
    }
    in.erase(0, end + 4 + body);
    const std::string path = head.substr(head.find(' ') + 1, head.find(' ', head.find(' ') + 1) - head.find(' ') - 1);
    const sse_script sc = server.script_for(path);
    const std::size_t rec = server.begin_record("http/1.1");
    const auto arrival = clock::now();
    server.update(rec, [&](sse_record& r) { r.arrival = arrival; });

    // The whole body is known up front (Content-Length needs it); pieces go out on the schedule.
    std::vector<std::string> pieces{sse_role_chunk()};
    for (std::size_t i = 0; i < sc.events(); ++i) pieces.push_back(sse_output_chunk(i, sc.tokens_per_event));
    std::string tail = (sc.usage ? sse_usage_chunk(sc.events() * sc.tokens_per_event) : "") + sse_done();
    std::size_t total = tail.size();
    for (const auto& p : pieces) total += p.size();
    auto framed = [&](const std::string& piece) {
      if (sc.content_length) return piece;
      char size[32];
      std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
      return size + piece + "\r\n";
    };
    std::string response_head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n";
    response_head += sc.content_length ? "Content-Length: " + std::to_string(total) + "\r\n\r\n"
                                       : std::string("Transfer-Encoding: chunked\r\n\r\n");
    sleep_until(arrival + sc.head_delay);
    const auto head_at = clock::now();
    if (!write_all(response_head + framed(pieces[0]))) return;
    server.update(rec, [&](sse_record& r) { r.head_sent = head_at; });
    auto due = arrival + sc.ttft;
    for (std::size_t i = 0; i < sc.events(); ++i) {
      if (i > 0) due += sc.gaps[i - 1];
      sleep_until(due);
      if (sc.cut_after && *sc.cut_after == i) {
        server.update(rec, [&](sse_record& r) { r.cut = true; });
        return;  // the connection closes: the stream is cut
      }
      const auto at = clock::now();
      if (!write_all(framed(pieces[i + 1]))) return;
      server.update(rec, [&](sse_record& r) { r.sent.push_back(at); });
    }
    if (!write_all(framed(tail) + (sc.content_length ? "" : "0\r\n\r\n"))) return;
  }
}

// ---- HTTP/2 --------------------------------------------------------------------------------------

namespace {

struct h2_stream {
  std::int32_t id = 0;
  sse_script script;
  std::string path;
  std::size_t record = 0;
  clock::time_point arrival{};
  bool requested = false;  // the request is complete
  bool head_sent = false;
  std::size_t next_event = 0;
  bool finished = false;   // tail queued or cut
  std::string pending;     // bytes queued for DATA
  bool eof = false;
  clock::time_point next_due() const {
    if (!head_sent) return arrival + script.head_delay;
    clock::time_point due = arrival + script.ttft;
    for (std::size_t i = 0; i < next_event; ++i) due += script.gaps[i];
    return due;
  }
};

struct h2_state {
  scripted_sse_server::connection* conn = nullptr;
  nghttp2_session* session = nullptr;
  std::map<std::int32_t, h2_stream> streams;
};

ssize_t h2_read(nghttp2_session*, std::int32_t, std::uint8_t* buf, std::size_t length, std::uint32_t* flags,
                nghttp2_data_source* source, void*) {
  auto* st = static_cast<h2_stream*>(source->ptr);
  if (st->pending.empty()) {
    if (st->eof) {
      *flags |= NGHTTP2_DATA_FLAG_EOF;
      return 0;
    }
    return NGHTTP2_ERR_DEFERRED;
  }
  const std::size_t n = std::min(length, st->pending.size());
  std::memcpy(buf, st->pending.data(), n);
  st->pending.erase(0, n);
  if (st->pending.empty() && st->eof) *flags |= NGHTTP2_DATA_FLAG_EOF;
  return static_cast<ssize_t>(n);
}

}  // namespace

void scripted_sse_server::connection::serve_h2() {
  h2_state state;
  state.conn = this;
  nghttp2_session_callbacks* cb = nullptr;
  nghttp2_session_callbacks_new(&cb);
  nghttp2_session_callbacks_set_on_header_callback(
      cb, [](nghttp2_session*, const nghttp2_frame* f, const std::uint8_t* n, std::size_t nl, const std::uint8_t* v,
             std::size_t vl, std::uint8_t, void* u) {
        auto& s = static_cast<h2_state*>(u)->streams[f->hd.stream_id];
        s.id = f->hd.stream_id;
        if (std::string_view(reinterpret_cast<const char*>(n), nl) == ":path")
          s.path.assign(reinterpret_cast<const char*>(v), vl);
        return 0;
      });
  nghttp2_session_callbacks_set_on_frame_recv_callback(cb, [](nghttp2_session*, const nghttp2_frame* f, void* u) {
    auto* state = static_cast<h2_state*>(u);
    if ((f->hd.type == NGHTTP2_HEADERS || f->hd.type == NGHTTP2_DATA) && (f->hd.flags & NGHTTP2_FLAG_END_STREAM)) {
      auto it = state->streams.find(f->hd.stream_id);
      if (it == state->streams.end() || it->second.requested) return 0;
      h2_stream& s = it->second;
      s.requested = true;
      s.script = state->conn->server.script_for(s.path);
      s.record = state->conn->server.begin_record("h2");
      s.arrival = clock::now();
      state->conn->server.update(s.record, [&](sse_record& r) { r.arrival = s.arrival; });
    }
    return 0;
  });
  nghttp2_session_callbacks_set_on_stream_close_callback(
      cb, [](nghttp2_session*, std::int32_t id, std::uint32_t, void* u) {
        static_cast<h2_state*>(u)->streams.erase(id);
        return 0;
      });
  nghttp2_session_server_new(&state.session, cb, &state);
  nghttp2_session_callbacks_del(cb);
  nghttp2_settings_entry settings[] = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 100}};
  nghttp2_submit_settings(state.session, NGHTTP2_FLAG_NONE, settings, 1);

  char buf[16384];
  std::vector<std::size_t> sent_now;  // records whose next output event is in the bytes being written
  bool open = true;
  while (open && !stopping()) {
    clock::time_point due = clock::now() + std::chrono::milliseconds(50);
    for (auto& [id, s] : state.streams)
      if (s.requested && !s.finished) due = std::min(due, s.next_due());
    if (wait_readable(std::chrono::duration_cast<std::chrono::microseconds>(due - clock::now()))) {
      const long n = read_some(buf, sizeof buf);
      if (n < 0) break;
      if (n > 0 && nghttp2_session_mem_recv(state.session, reinterpret_cast<std::uint8_t*>(buf),
                                            static_cast<std::size_t>(n)) < 0)
        break;
    }
    const auto now = clock::now();
    std::vector<std::int32_t> cut;
    for (auto& [id, s] : state.streams) {
      while (s.requested && !s.finished && s.next_due() <= now) {
        if (!s.head_sent) {
          s.head_sent = true;
          s.pending = sse_role_chunk();
          nghttp2_nv hdrs[] = {{(std::uint8_t*)":status", (std::uint8_t*)"200", 7, 3, NGHTTP2_NV_FLAG_NONE},
                               {(std::uint8_t*)"content-type", (std::uint8_t*)"text/event-stream", 12, 17,
                                NGHTTP2_NV_FLAG_NONE}};
          nghttp2_data_provider provider;
          provider.source.ptr = &s;
          provider.read_callback = h2_read;
          nghttp2_submit_response(state.session, s.id, hdrs, 2, &provider);
          server.update(s.record, [&](sse_record& r) { r.head_sent = now; });
          continue;
        }
        if (s.script.cut_after && *s.script.cut_after == s.next_event) {
          // nghttp2 sends a submitted RST_STREAM before the stream's queued DATA (and drops that
          // DATA): cut only once the earlier events have been handed out, on a later pass.
          if (!s.pending.empty()) break;
          s.finished = true;
          cut.push_back(s.id);
          server.update(s.record, [&](sse_record& r) { r.cut = true; });
          break;
        }
        s.pending += sse_output_chunk(s.next_event, s.script.tokens_per_event);
        sent_now.push_back(s.record);
        if (++s.next_event == s.script.events()) {
          if (s.script.usage) s.pending += sse_usage_chunk(s.script.events() * s.script.tokens_per_event);
          s.pending += sse_done();
          s.eof = true;
          s.finished = true;
        }
        nghttp2_session_resume_data(state.session, s.id);
      }
    }
    for (std::int32_t id : cut) nghttp2_submit_rst_stream(state.session, NGHTTP2_FLAG_NONE, id, NGHTTP2_INTERNAL_ERROR);
    std::string out;
    const std::uint8_t* data = nullptr;
    for (ssize_t n; (n = nghttp2_session_mem_send(state.session, &data)) > 0;)
      out.append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(n));
    if (!out.empty()) {
      const auto at = clock::now();
      for (std::size_t rec : sent_now) server.update(rec, [&](sse_record& r) { r.sent.push_back(at); });
      sent_now.clear();
      open = write_all(out);
    }
    if (!nghttp2_session_want_read(state.session) && !nghttp2_session_want_write(state.session)) break;
  }
  nghttp2_session_del(state.session);
}

// ---- the server ----------------------------------------------------------------------------------

scripted_sse_server::scripted_sse_server(sse_transport transport, sse_script script,
                                         std::function<sse_script(const std::string&)> pick)
    : transport_(transport), script_(std::move(script)), pick_(std::move(pick)) {
  // SSL_write writes with write(2), which raises SIGPIPE when the client has gone (a retried or cut
  // stream): that must be an error return here, not the end of the test process.
  std::signal(SIGPIPE, SIG_IGN);
  if (transport_ == sse_transport::tls) {
    const std::string d = dir_.str();
    const std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -keyout " + d + "/key.pem -out " + d +
                            "/cert.pem -days 2 -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 "
                            ">/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("openssl req failed");
    SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
    if (SSL_CTX_use_certificate_file(ctx, (d + "/cert.pem").c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx, (d + "/key.pem").c_str(), SSL_FILETYPE_PEM) != 1)
      throw std::runtime_error("cannot load the test certificate");
    SSL_CTX_set_alpn_select_cb(
        ctx,
        [](SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in, unsigned inlen, void*) {
          for (const char* want : {"\x02h2", "\x08http/1.1"}) {
            for (unsigned i = 0; i < inlen; i += in[i] + 1u) {
              if (in[i] == static_cast<unsigned char>(want[0]) && std::memcmp(in + i + 1, want + 1, in[i]) == 0) {
                *out = in + i + 1;
                *outlen = in[i];
                return SSL_TLSEXT_ERR_OK;
              }
            }
          }
          return SSL_TLSEXT_ERR_ALERT_FATAL;
        },
        nullptr);
    tls_ = ctx;
  }
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 1024) != 0)
    throw std::runtime_error("cannot listen on 127.0.0.1");
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  accept_thread_ = std::thread([this] { accept_loop(); });
}

scripted_sse_server::~scripted_sse_server() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (int fd : fds_) ::shutdown(fd, SHUT_RDWR);
  }
  ::shutdown(listen_fd_, SHUT_RDWR);
  accept_thread_.join();
  for (auto& t : threads_) t.join();
  for (int fd : fds_) ::close(fd);
  ::close(listen_fd_);
  if (tls_) SSL_CTX_free(static_cast<SSL_CTX*>(tls_));
}

std::string scripted_sse_server::url() const {
  return std::string(transport_ == sse_transport::tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
}

std::string scripted_sse_server::cert_path() const { return dir_.str() + "/cert.pem"; }

std::vector<sse_record> scripted_sse_server::records() const {
  std::lock_guard lock(mutex_);
  return records_;
}

sse_script scripted_sse_server::script_for(const std::string& path) const { return pick_ ? pick_(path) : script_; }

std::size_t scripted_sse_server::begin_record(const std::string& protocol) {
  std::lock_guard lock(mutex_);
  records_.push_back({});
  records_.back().protocol = protocol;
  return records_.size() - 1;
}

void scripted_sse_server::update(std::size_t index, const std::function<void(sse_record&)>& f) {
  std::lock_guard lock(mutex_);
  f(records_[index]);
}

void scripted_sse_server::accept_loop() {
  while (true) {
    const int fd = ::accept(listen_fd_, nullptr, nullptr);
    std::lock_guard lock(mutex_);
    if (fd < 0 || stopping_) {
      if (fd >= 0) ::close(fd);
      return;
    }
    fds_.push_back(fd);
    threads_.emplace_back([this, fd] { serve(fd); });
  }
}

void scripted_sse_server::serve(int fd) {
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  connection c{*this, fd};
  if (transport_ == sse_transport::tls) {
    c.ssl = SSL_new(static_cast<SSL_CTX*>(tls_));
    SSL_set_fd(c.ssl, fd);
    if (c.handshake()) {
      const unsigned char* alpn = nullptr;
      unsigned alpn_len = 0;
      SSL_get0_alpn_selected(c.ssl, &alpn, &alpn_len);
      if (std::string_view(reinterpret_cast<const char*>(alpn), alpn_len) == "h2") c.serve_h2();
      else c.serve_http1();
    }
    SSL_free(c.ssl);
  } else if (transport_ == sse_transport::h2c) {
    c.serve_h2();
  } else {
    c.serve_http1();
  }
  std::lock_guard lock(mutex_);
  ::shutdown(fd, SHUT_RDWR);
  // The fd stays open (and listed) until the destructor, so a shutdown there never hits a reused fd.
}

}  // namespace ragbench::loadgen::test
