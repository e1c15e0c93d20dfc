// Timing a text/event-stream as it arrives: head, output events, gaps.
#include "loadgen/engine/stream_sink.hpp"

#include "loadgen/engine/output_event.hpp"
#include "loadgen/engine/response_parser.hpp"

namespace ragbench::loadgen {

void stream_sink::arm(const stream_request& request) {
  request_ = request;
  seen_ = stream_observation{};
  itl_ = nullptr;
}

void stream_sink::on_head(const http_response& head) {
  if (request_.keep) request_.keep->on_head(head);
  seen_ = stream_observation{};  // a retried request starts again
  itl_ = nullptr;
  if (head.status < 200 || head.status > 299 || !(request_.force || head.event_stream)) return;
  seen_.is_stream = true;
  seen_.head_at = clock_.now();
  parser_.reset(request_.max_event_bytes);
  if (request_.recorder) itl_ = request_.recorder->stream_itl(request_.endpoint);
}

failure_kind stream_sink::on_body(std::string_view bytes) {
  if (request_.keep) {
    const failure_kind f = request_.keep->on_body(bytes);
    if (f != failure_kind::none) return f;
  }
  if (!seen_.is_stream) return failure_kind::none;
  now_valid_ = false;
  return parser_.feed(bytes, &stream_sink::on_event, this) ? failure_kind::none : failure_kind::body_too_large;
}

void stream_sink::on_end() {
  if (request_.keep) request_.keep->on_end();
  seen_.ended = true;
}

void stream_sink::on_event(void* self, std::string_view type, std::string_view data) {
  auto& sink = *static_cast<stream_sink*>(self);
  const event_verdict v = judge_event(sink.request_.token_event, type, data);
  if (v.completion_tokens) sink.seen_.usage_tokens = v.completion_tokens;
  if (v.output) sink.output_event();
}

void stream_sink::output_event() {
  if (!now_valid_) {
    now_ = clock_.now();
    now_valid_ = true;
  }
  if (seen_.events == 0) {
    seen_.first_at = now_;
  } else {
    const auto gap = now_ - seen_.last_at;
    if (itl_) itl_->record(gap);
    if (gap > seen_.max_gap) seen_.max_gap = gap;
  }
  seen_.last_at = now_;
  ++seen_.events;
}

}  // namespace ragbench::loadgen
