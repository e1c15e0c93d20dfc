// The receiving half of h2_server_session: nghttp2 server session set-up, the callbacks that turn
// HEADERS/DATA frames into `request`s, dispatch to the handler, stream close and GOAWAY.
#include "server/http/h2_server_session.hpp"

#include "server/http/gzip_encoder.hpp"
#include "server/http/json_response.hpp"
#include "server/http/request_target.hpp"

#include <nghttp2/nghttp2.h>

#include <boost/asio/post.hpp>

#include <array>
#include <charconv>

namespace ragbench::server {
namespace asio = boost::asio;

namespace {
constexpr std::int32_t initial_window_bytes = 1 << 20;      // per stream: uploads in few round trips
constexpr std::int32_t connection_window_bytes = 16 << 20;  // all streams together
}  // namespace

std::optional<std::string> decode_base64url(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v;
    if (c >= 'A' && c <= 'Z') {
      v = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      v = c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
      v = c - '0' + 52;
    } else if (c == '-') {
      v = 62;
    } else if (c == '_') {
      v = 63;
    } else {
      return std::nullopt;
    }
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

// nghttp2 calls these with the h2_server_session as user_data.
struct h2_callbacks {
  using stream_state = h2_server_session::stream_state;

  static stream_state* stream_of(nghttp2_session* session, std::int32_t id) {
    return static_cast<stream_state*>(nghttp2_session_get_stream_user_data(session, id));
  }

  static int on_begin_headers(nghttp2_session*, const nghttp2_frame* frame, void* user) {
    if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST) return 0;
    static_cast<h2_server_session*>(user)->open_stream(frame->hd.stream_id);
    return 0;
  }

  static int on_header(nghttp2_session* session, const nghttp2_frame* frame, const std::uint8_t* name,
                       std::size_t name_len, const std::uint8_t* value, std::size_t value_len, std::uint8_t,
                       void* user) {
    auto* s = stream_of(session, frame->hd.stream_id);
    if (!s || s->dispatched) return 0;  // trailers of a finished request, or already rejected
    s->header_bytes += name_len + value_len + 4;
    std::string_view n(reinterpret_cast<const char*>(name), name_len);
    std::string_view v(reinterpret_cast<const char*>(value), value_len);
    if (s->header_bytes > static_cast<h2_server_session*>(user)->ctx_.options.header_limit_bytes) {
      s->target_too_long = s->target_too_long || n == ":path";
      return 0;
    }
    if (!n.empty() && n.front() == ':') {
      if (n == ":method") {
        s->req.method.assign(v);
      } else if (n == ":path") {
        s->req.target.assign(v);
      } else if (n == ":authority") {
        s->req.headers.emplace_back("host", v);
      }
      return 0;  // :scheme (and :protocol) carry nothing a route needs
    }
    s->req.headers.emplace_back(n, v);
    return 0;
  }

  static int on_frame_recv(nghttp2_session* session, const nghttp2_frame* frame, void* user) {
    auto* self = static_cast<h2_server_session*>(user);
    if (frame->hd.type != NGHTTP2_HEADERS && frame->hd.type != NGHTTP2_DATA) return 0;
    auto* s = stream_of(session, frame->hd.stream_id);
    if (!s) return 0;
    if (frame->hd.type == NGHTTP2_HEADERS && frame->headers.cat == NGHTTP2_HCAT_REQUEST) {
      self->on_request_headers_done(*s);
    }
    if ((frame->hd.flags & NGHTTP2_FLAG_END_STREAM) && !s->dispatched) self->dispatch(*s);
    return 0;
  }

  static int on_data_chunk_recv(nghttp2_session* session, std::uint8_t, std::int32_t id, const std::uint8_t* data,
                                std::size_t len, void* user) {
    auto* self = static_cast<h2_server_session*>(user);
    auto* s = stream_of(session, id);
    if (!s || s->dispatched) return 0;  // a rejected body: nghttp2 still credits the window
    s->record.bytes_in += len;
    std::size_t limit = self->ctx_.options.body_limit_bytes;
    if (s->req.body.size() + len > limit) {
      self->reject(*s, 413, "payload_too_large", "request body exceeds " + std::to_string(limit) + " bytes");
      return 0;
    }
    s->req.body.append(reinterpret_cast<const char*>(data), len);
    return 0;
  }

  // A response that ended while the client is still sending its request: RFC 9113 §8.1 asks
  // for RST_STREAM(NO_ERROR) so the client stops sending and keeps the response.
  static int on_frame_send(nghttp2_session* session, const nghttp2_frame* frame, void*) {
    if ((frame->hd.type == NGHTTP2_HEADERS || frame->hd.type == NGHTTP2_DATA) &&
        (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) &&
        nghttp2_session_get_stream_remote_close(session, frame->hd.stream_id) == 0) {
      nghttp2_submit_rst_stream(session, NGHTTP2_FLAG_NONE, frame->hd.stream_id, NGHTTP2_NO_ERROR);
    }
    return 0;
  }

  static int on_stream_close(nghttp2_session*, std::int32_t id, std::uint32_t, void* user) {
    static_cast<h2_server_session*>(user)->on_stream_closed(id);
    return 0;
  }
};

h2_server_session::h2_server_session(io_worker& worker, std::string remote, std::function<void()> on_output)
    : worker_(worker), ctx_(worker.context), remote_(std::move(remote)), on_output_(std::move(on_output)) {}

h2_server_session::~h2_server_session() {
  close();
  if (session_) nghttp2_session_del(session_);  // before streams_: data providers point into them
}

bool h2_server_session::start(request* upgraded, std::string_view settings_payload) {
  nghttp2_session_callbacks* cbs = nullptr;
  if (nghttp2_session_callbacks_new(&cbs) != 0) return false;
  nghttp2_session_callbacks_set_on_begin_headers_callback(cbs, &h2_callbacks::on_begin_headers);
  nghttp2_session_callbacks_set_on_header_callback(cbs, &h2_callbacks::on_header);
  nghttp2_session_callbacks_set_on_frame_recv_callback(cbs, &h2_callbacks::on_frame_recv);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cbs, &h2_callbacks::on_data_chunk_recv);
  nghttp2_session_callbacks_set_on_frame_send_callback(cbs, &h2_callbacks::on_frame_send);
  nghttp2_session_callbacks_set_on_stream_close_callback(cbs, &h2_callbacks::on_stream_close);
  int rv = nghttp2_session_server_new(&session_, cbs, this);
  nghttp2_session_callbacks_del(cbs);
  if (rv != 0) return false;

  const auto& o = ctx_.options;
  std::array<nghttp2_settings_entry, 3> settings{{
      {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, static_cast<std::uint32_t>(o.h2_max_concurrent_streams)},
      {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, static_cast<std::uint32_t>(initial_window_bytes)},
      {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, static_cast<std::uint32_t>(o.header_limit_bytes)},
  }};
  ++busy_;
  rv = nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings.data(), settings.size());
  if (rv == 0) rv = nghttp2_session_set_local_window_size(session_, NGHTTP2_FLAG_NONE, 0, connection_window_bytes);
  if (rv == 0 && upgraded) {
    rv = nghttp2_session_upgrade2(session_, reinterpret_cast<const std::uint8_t*>(settings_payload.data()),
                                  settings_payload.size(), upgraded->method == "HEAD", nullptr);
    if (rv == 0) {
      stream_state* s = open_stream(1);
      s->req = std::move(*upgraded);
      s->record.bytes_in = s->req.body.size();
      s->record.method = s->req.method;
      s->head = s->req.method == "HEAD";
      auto ae = s->req.header("accept-encoding");
      s->gzip_ok = ae && accepts_gzip(*ae);
      dispatch(*s);
    }
  }
  --busy_;
  return rv == 0;
}

bool h2_server_session::receive(const std::uint8_t* data, std::size_t size) {
  if (closed_) return false;
  ++busy_;
  auto rv = nghttp2_session_mem_recv(session_, data, size);
  --busy_;
  return rv >= 0;
}

bool h2_server_session::produce(std::string& out, std::size_t max_bytes) {
  if (closed_) return false;
  std::size_t start = out.size();
  ++busy_;
  while (out.size() - start < max_bytes) {
    const std::uint8_t* p = nullptr;
    auto n = nghttp2_session_mem_send(session_, &p);
    if (n < 0) {
      --busy_;
      return false;
    }
    if (n == 0) break;
    out.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
  }
  --busy_;
  return true;
}

bool h2_server_session::want_read() const { return !closed_ && nghttp2_session_want_read(session_) != 0; }
bool h2_server_session::want_write() const { return !closed_ && nghttp2_session_want_write(session_) != 0; }

void h2_server_session::shutdown() {
  if (stopping_ || closed_ || !session_) return;
  stopping_ = true;
  nghttp2_submit_shutdown_notice(session_);
  if (streams_.empty()) nghttp2_session_terminate_session(session_, NGHTTP2_NO_ERROR);
  kick();
}

void h2_server_session::terminate(std::uint32_t error_code) {
  if (closed_ || !session_) return;
  nghttp2_session_terminate_session(session_, error_code);
  kick();
}

void h2_server_session::close() {
  if (closed_) return;
  closed_ = true;
  for (auto& [id, s] : streams_) {
    if (s->stream) s->stream->cancel();
  }
}

h2_server_session::stream_state* h2_server_session::find(std::int32_t id) {
  auto it = streams_.find(id);
  return it == streams_.end() ? nullptr : it->second.get();
}

h2_server_session::stream_state* h2_server_session::open_stream(std::int32_t id) {
  auto& slot = streams_[id];
  slot = std::make_unique<stream_state>();
  slot->id = id;
  slot->record.started = clock::now();
  slot->req.headers.reserve(8);
  nghttp2_session_set_stream_user_data(session_, id, slot.get());
  return slot.get();
}

void h2_server_session::on_request_headers_done(stream_state& s) {
  s.record.bytes_in += s.header_bytes;
  s.record.method = s.req.method;
  s.head = s.req.method == "HEAD";
  const auto& o = ctx_.options;
  if (unsent_body_bytes_ > o.h2_max_buffered_bytes) {  // a peer not reading: do not take on more
    s.dispatched = true;
    nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, s.id, NGHTTP2_REFUSED_STREAM);
    return;
  }
  if (s.header_bytes > o.header_limit_bytes) {
    if (s.target_too_long) {
      reject(s, 414, "uri_too_long", ":path exceeds " + std::to_string(o.header_limit_bytes) + " bytes");
    } else {
      reject(s, 431, "headers_too_large", "request header exceeds " + std::to_string(o.header_limit_bytes) + " bytes");
    }
    return;
  }
  if (auto cl = s.req.header("content-length")) {
    std::uint64_t n = 0;
    auto res = std::from_chars(cl->data(), cl->data() + cl->size(), n);
    if (res.ec == std::errc() && n > o.body_limit_bytes) {
      reject(s, 413, "payload_too_large", "request body exceeds " + std::to_string(o.body_limit_bytes) + " bytes");
      return;
    }
    if (res.ec == std::errc()) s.req.body.reserve(static_cast<std::size_t>(n));
  }
  if (auto bad = split_target(s.req)) {
    reject(s, bad->status, bad->code, std::move(bad->message));
    return;
  }
  auto ae = s.req.header("accept-encoding");
  s.gzip_ok = ae && accepts_gzip(*ae);
}

void h2_server_session::dispatch(stream_state& s) {
  s.dispatched = true;
  s.req.version = 20;
  s.req.remote = remote_;
  std::int32_t id = s.id;
  respond_fn respond = [weak = weak_from_this(), id](response r) {
    if (auto self = weak.lock()) self->deliver(id, std::move(r));
  };
  try {
    ctx_.handler(std::move(s.req), handler_context{worker_.io.get_executor(), &s.record.route}, std::move(respond));
  } catch (const std::exception& e) {
    on_response(id, json_error(500, "internal", std::string("handler failed: ") + e.what()));
  } catch (...) {
    on_response(id, json_error(500, "internal", "handler failed"));
  }
}

void h2_server_session::deliver(std::int32_t id, response r) {
  if (worker_.io.get_executor().running_in_this_thread()) {
    on_response(id, std::move(r));
    return;
  }
  asio::post(worker_.io, [self = shared_from_this(), id, r = std::move(r)]() mutable {
    self->on_response(id, std::move(r));
  });
}

void h2_server_session::reject(stream_state& s, unsigned status, std::string_view code, std::string message) {
  s.dispatched = true;
  s.req.body.clear();
  on_response(s.id, json_error(status, std::string(code), std::move(message)));
}

void h2_server_session::on_stream_closed(std::int32_t id) {
  auto it = streams_.find(id);
  if (it == streams_.end()) return;
  stream_state& s = *it->second;
  if (s.stream) s.stream->cancel();
  unsent_body_bytes_ -= s.body.size() - s.offset;
  if (s.responded && ctx_.observer) ctx_.observer(s.record.finished(clock::now()));
  streams_.erase(it);
  if (stopping_ && streams_.empty()) nghttp2_session_terminate_session(session_, NGHTTP2_NO_ERROR);
}

void h2_server_session::kick() {
  if (busy_ == 0 && !closed_ && on_output_) on_output_();
}

}  // namespace ragbench::server
