// h2_client_session's nghttp2 callbacks: response headers, DATA to the request's body sink, stream
// close, SETTINGS/GOAWAY, and the request body source. They run inside nghttp2_session_mem_recv /
// mem_send; completions they make are collected and run after it returns.
#include <algorithm>
#include <charconv>

#include "loadgen/engine/h2_client_session.hpp"
#include "loadgen/engine/h2_client_session_slot.hpp"

namespace ragbench::loadgen {

// The final response head goes to the sink once, before its body: when its HEADERS frame is complete
// (on_frame_recv), else from the first DATA or the stream's close.
void h2_client_session::emit_head(slot& s) {
  s.head_seen = true;
  s.response.header_block = s.headers;
  s.request.sink->on_head(s.response);
}

ssize_t h2_client_session::read_body(nghttp2_session*, std::int32_t stream_id, std::uint8_t* buf, std::size_t length,
                              std::uint32_t* data_flags, nghttp2_data_source* source, void*) {
  auto* s = static_cast<slot*>(source->ptr);
  if (s->at != slot::stage::active || s->stream_id != stream_id) return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
  std::size_t n = std::min(length, s->body.size() - s->body_offset);
  std::copy_n(s->body.data() + s->body_offset, n, buf);
  s->body_offset += n;
  if (s->body_offset == s->body.size()) *data_flags |= NGHTTP2_DATA_FLAG_EOF;
  return static_cast<ssize_t>(n);
}

int h2_client_session::on_header(nghttp2_session* session, const nghttp2_frame* frame, const std::uint8_t* name,
                          std::size_t namelen, const std::uint8_t* value, std::size_t valuelen, std::uint8_t,
                          void*) {
  if (frame->hd.type != NGHTTP2_HEADERS) return 0;
  auto* s = static_cast<slot*>(nghttp2_session_get_stream_user_data(session, frame->hd.stream_id));
  if (!s) return 0;
  std::string_view n(reinterpret_cast<const char*>(name), namelen), v(reinterpret_cast<const char*>(value), valuelen);
  s->bytes_received += namelen + valuelen;
  if (n == ":status") {
    int status = 0;
    std::from_chars(v.data(), v.data() + v.size(), status);
    s->response.status = status;
    s->headers.clear();  // an interim (1xx) response's fields are not the final ones
    s->response.event_stream = false;
    return 0;
  }
  if (n == "content-type") s->response.event_stream = is_event_stream(v);
  s->headers.append(n).append(": ").append(v).append("\r\n");
  return 0;
}

int h2_client_session::on_data_chunk(nghttp2_session* session, std::uint8_t, std::int32_t stream_id,
                              const std::uint8_t* data, std::size_t len, void* user) {
  auto* s = static_cast<slot*>(nghttp2_session_get_stream_user_data(session, stream_id));
  if (!s) return 0;
  s->bytes_received += len;
  if (!s->request.sink) return 0;
  if (!s->head_seen) emit_head(*s);  // the final head is complete before its first DATA
  const failure_kind f = s->request.sink->on_body(std::string_view(reinterpret_cast<const char*>(data), len));
  if (f == failure_kind::none) return 0;
  // The sink refused the body: the request fails now (completed after mem_recv returns) and the
  // stream is reset; its close and any further DATA find no slot, as after a timeout.
  auto* self = static_cast<h2_client_session*>(user);
  nghttp2_session_set_stream_user_data(session, stream_id, nullptr);
  nghttp2_submit_rst_stream(session, NGHTTP2_FLAG_NONE, stream_id, NGHTTP2_CANCEL);
  --self->active_;
  self->complete(*s, f);
  return 0;
}

int h2_client_session::on_frame_recv(nghttp2_session* session, const nghttp2_frame* frame, void* user) {
  auto* self = static_cast<h2_client_session*>(user);
  // A final response head goes to a listening sink when it arrives (a stream's time to headers),
  // not only with its first DATA.
  if (frame->hd.type == NGHTTP2_HEADERS) {
    auto* s = static_cast<slot*>(nghttp2_session_get_stream_user_data(session, frame->hd.stream_id));
    if (s && s->request.sink && !s->head_seen && s->response.status >= 200) emit_head(*s);
  }
  if (frame->hd.type == NGHTTP2_SETTINGS && !(frame->hd.flags & NGHTTP2_FLAG_ACK)) self->settings_received_ = true;
  if (frame->hd.type == NGHTTP2_GOAWAY) {
    ++self->stats_.goaways;
    self->goaway_last_id_ = frame->goaway.last_stream_id;
    self->state_ = state::draining;
  }
  return 0;
}

int h2_client_session::on_stream_close(nghttp2_session* session, std::int32_t stream_id, std::uint32_t error_code,
                                void* user) {
  auto* self = static_cast<h2_client_session*>(user);
  auto* s = static_cast<slot*>(nghttp2_session_get_stream_user_data(session, stream_id));
  if (!s || s->at != slot::stage::active) return 0;
  --self->active_;
  failure_kind k = failure_kind::none;
  if (self->goaway_last_id_ >= 0 && stream_id > self->goaway_last_id_) {
    k = failure_kind::goaway;
    ++self->stats_.goaway_failed;
  } else if (error_code != NGHTTP2_NO_ERROR) {
    k = failure_kind::stream_reset;
    ++self->stats_.resets[nghttp2_http2_strerror(error_code)];
  } else if (s->response.status < 200) {
    k = failure_kind::protocol;  // closed cleanly without a final response
  } else if (s->request.sink) {
    if (!s->head_seen) emit_head(*s);  // a response without a body
    s->request.sink->on_end();
  }
  self->complete(*s, k);
  return 0;
}

}  // namespace ragbench::loadgen
