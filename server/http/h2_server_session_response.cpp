// The sending half of h2_server_session: a handler's response becomes HEADERS (the same security
// headers as HTTP/1.1) plus DATA from a data provider. Streamed bodies are pulled one piece at
// a time: the provider defers when no piece is ready and is resumed when one arrives, so the
// peer's flow-control window throttles the producer and nothing is buffered beyond one piece.
#include "server/http/h2_server_session.hpp"

#include "server/http/json_response.hpp"
#include "server/http/response_head.hpp"

#include <nghttp2/nghttp2.h>

#include <boost/asio/post.hpp>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <vector>

namespace ragbench::server {
namespace asio = boost::asio;

namespace {

// Headers the transport owns, and HTTP/1.1 connection-specific ones HTTP/2 forbids (§8.2.2).
bool not_for_h2(std::string_view name) {
  return name == "content-length" || name == "transfer-encoding" || name == "connection" ||
         name == "keep-alive" || name == "proxy-connection" || name == "upgrade";
}

nghttp2_nv make_nv(std::string_view name, std::string_view value) {
  return nghttp2_nv{reinterpret_cast<std::uint8_t*>(const_cast<char*>(name.data())),
                    reinterpret_cast<std::uint8_t*>(const_cast<char*>(value.data())), name.size(), value.size(),
                    NGHTTP2_NV_FLAG_NONE};
}

constexpr std::string_view security_headers[][2] = {
    {"server", "ragserver"},
    {"x-content-type-options", "nosniff"},
    {"x-frame-options", "DENY"},
    {"referrer-policy", "no-referrer"},
};

}  // namespace

struct h2_data_reader {
  static ssize_t read(nghttp2_session*, std::int32_t, std::uint8_t* buf, std::size_t length, std::uint32_t* flags,
                      nghttp2_data_source* source, void* user) {
    auto* s = static_cast<h2_server_session::stream_state*>(source->ptr);
    return static_cast<ssize_t>(static_cast<h2_server_session*>(user)->read_body(*s, buf, length, flags));
  }
};

void h2_server_session::on_response(std::int32_t id, response r) {
  stream_state* s = closed_ ? nullptr : find(id);
  if (!s || s->responded) {  // late, duplicate, or the stream was reset
    if (r.stream) r.stream->cancel();
    return;
  }
  if (r.status < 200 || r.status > 599) {
    r = json_error(500, "bad_response_status", "handler produced status " + std::to_string(r.status));
  } else if (!headers_are_safe(r.headers)) {
    r = json_error(500, "bad_response_header", "handler produced an invalid header");
  }
  submit(*s, r);
  kick();
}

void h2_server_session::submit(stream_state& s, response& r) {
  s.responded = true;
  s.record.status = r.status;
  bool bodiless = r.status == 204 || r.status == 304;
  bool streamed = r.stream && !bodiless && !s.head;
  if (r.stream && !streamed) r.stream->cancel();  // HEAD or a bodiless status: never read
  bool gzip = false;
  bool vary = false;
  if (!streamed) {
    s.body.swap(r.body);
    if (ctx_.options.gzip && !bodiless && s.body.size() >= ctx_.options.gzip_min_bytes &&
        !r.header("content-encoding")) {
      vary = true;
      std::string packed;
      if (s.gzip_ok && worker_.gzip.compress(s.body, packed)) {
        s.body.swap(packed);
        gzip = true;
      }
    }
  }

  char status[8];
  auto status_end = std::to_chars(status, status + sizeof status, r.status).ptr;
  char length[24];
  auto length_end = std::to_chars(length, length + sizeof length, s.body.size()).ptr;
  std::vector<nghttp2_nv> nv;
  nv.reserve(r.headers.size() + 10);
  nv.push_back(make_nv(":status", std::string_view(status, static_cast<std::size_t>(status_end - status))));
  for (const auto& [name, value] : r.headers) {
    if (!not_for_h2(name)) nv.push_back(make_nv(name, value));
  }
  std::string_view date = worker_.date.now();
  if (!date.empty()) nv.push_back(make_nv("date", date));
  for (const auto& h : security_headers) nv.push_back(make_nv(h[0], h[1]));
  if (vary) nv.push_back(make_nv("vary", "Accept-Encoding"));
  if (gzip) nv.push_back(make_nv("content-encoding", "gzip"));
  if (!streamed && !bodiless) {
    nv.push_back(make_nv("content-length", std::string_view(length, static_cast<std::size_t>(length_end - length))));
  }
  for (const auto& h : nv) s.record.bytes_out += h.namelen + h.valuelen + 4;

  if (bodiless || s.head || (!streamed && s.body.empty())) {
    s.body.clear();
    nghttp2_submit_response(session_, s.id, nv.data(), nv.size(), nullptr);
    return;
  }
  if (streamed) {
    s.stream = std::move(r.stream);
    s.body.clear();
    s.offset = 0;
  }
  unsent_body_bytes_ += s.body.size();
  nghttp2_data_provider provider;
  provider.source.ptr = &s;
  provider.read_callback = &h2_data_reader::read;
  nghttp2_submit_response(session_, s.id, nv.data(), nv.size(), &provider);
}

long h2_server_session::read_body(stream_state& s, std::uint8_t* buf, std::size_t size, std::uint32_t* flags) {
  if (s.stream && s.offset == s.body.size() && !s.stream_done && !s.pulling) {
    s.body.clear();
    s.offset = 0;
    s.pulling = true;
    s.in_read = true;  // a piece delivered synchronously is read below, not resumed
    std::int32_t id = s.id;
    s.stream->next(worker_.io.get_executor(), [weak = weak_from_this(), id](std::optional<std::string> piece) {
      if (auto self = weak.lock()) self->on_piece(id, std::move(piece));
    });
    s.in_read = false;
  }
  std::size_t n = std::min(size, s.body.size() - s.offset);
  if (n > 0) {
    std::memcpy(buf, s.body.data() + s.offset, n);
    s.offset += n;
    s.record.bytes_out += n;
    unsent_body_bytes_ -= n;
    body_bytes_sent_ += n;
  }
  bool drained = s.offset == s.body.size();
  if (drained && (!s.stream || s.stream_done)) {
    *flags |= NGHTTP2_DATA_FLAG_EOF;
    return static_cast<long>(n);
  }
  if (n > 0) return static_cast<long>(n);
  if (!s.pulling) {  // an empty piece came back synchronously: pull again on the next turn
    asio::post(worker_.io, [weak = weak_from_this(), id = s.id] {
      if (auto self = weak.lock()) self->resume(id);
    });
  }
  return NGHTTP2_ERR_DEFERRED;
}

void h2_server_session::on_piece(std::int32_t id, std::optional<std::string> piece) {
  if (!worker_.io.get_executor().running_in_this_thread()) {  // contract breach: still safe
    asio::post(worker_.io, [self = shared_from_this(), id, piece = std::move(piece)]() mutable {
      self->on_piece(id, std::move(piece));
    });
    return;
  }
  stream_state* s = closed_ ? nullptr : find(id);
  if (!s || !s->pulling) return;
  s->pulling = false;
  if (!piece) {
    s->stream_done = true;
  } else {
    s->body.append(*piece);
    unsent_body_bytes_ += piece->size();
  }
  if (!s->in_read) resume(id);
}

void h2_server_session::resume(std::int32_t id) {
  if (closed_ || !find(id)) return;
  nghttp2_session_resume_data(session_, id);
  kick();
}

}  // namespace ragbench::server
