// A virtual user's request loop: render, send, judge (status, checks, captures), record, think.
#include "loadgen/engine/virtual_user.hpp"

#include <algorithm>

#include "loadgen/engine/request_builder.hpp"
#include "loadgen/engine/stream_figures.hpp"
#include "loadgen/engine/worker.hpp"
#include "loadgen/scenario/check.hpp"

namespace ragbench::loadgen {
namespace {

error_kind to_error_kind(failure_kind k) {
  switch (k) {
    case failure_kind::connect_refused:
    case failure_kind::connect_failed:
    case failure_kind::connect_timeout: return error_kind::connect;
    case failure_kind::timeout: return error_kind::timeout;
    case failure_kind::protocol: return error_kind::protocol;
    case failure_kind::tls: return error_kind::tls;
    case failure_kind::stream_reset: return error_kind::stream;
    case failure_kind::goaway: return error_kind::goaway;
    case failure_kind::flow_control: return error_kind::flow_control;
    case failure_kind::body_too_large: return error_kind::body_too_large;
    case failure_kind::cancelled: return error_kind::unfinished;
    default: return error_kind::reset;
  }
}

// Splits a raw header block into name/value views (reusing `out`).
void split_headers(std::string_view block, std::vector<header_field>& out) {
  out.clear();
  while (!block.empty()) {
    auto eol = block.find("\r\n");
    std::string_view line = block.substr(0, eol);
    if (auto colon = line.find(':'); colon != std::string_view::npos) {
      std::string_view v = line.substr(colon + 1);
      while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
      while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
      out.push_back({line.substr(0, colon), v});
    }
    if (eol == std::string_view::npos) break;
    block.remove_prefix(eol + 2);
  }
}

}  // namespace

virtual_user::virtual_user(worker& w, std::uint64_t user_id, std::unique_ptr<client_session> session)
    : w_(w), user_id_(user_id), session_(std::move(session)), timer_(w.io()),
      captures_(w.scn().variables.size()), rows_(w.scn().feeders.size(), nullptr), stream_(w.clock()) {}

void virtual_user::start() {
  open_ = false;
  busy_ = true;
  w_.note_busy(true);
  if (!w_.scn().on_start.empty() && draw_rows(w_.scn().on_start_feeders)) {
    in_on_start_ = true;
    step_ = 0;
    intended_ = std::chrono::steady_clock::now();
    send_current();
    return;
  }
  on_start_done_ = true;
  begin_task();
}

void virtual_user::start_iteration(time_point intended) {
  open_ = true;
  busy_ = true;
  w_.note_busy(true);
  intended_ = intended;
  if (!on_start_done_ && !w_.scn().on_start.empty() && draw_rows(w_.scn().on_start_feeders)) {
    in_on_start_ = true;
    step_ = 0;
    send_current();
    return;
  }
  on_start_done_ = true;
  begin_task();
}

bool virtual_user::draw_rows(const std::vector<std::size_t>& feeders) {
  for (std::size_t f : feeders) {
    rows_[f] = w_.scn().feeders[f]->next(w_.rng());
    if (!rows_[f]) {  // a `unique` feeder ran out: this user stops
      w_.note_feeder_exhausted();
      return false;
    }
  }
  return true;
}

void virtual_user::begin_task() {
  if (w_.stopping() || stopped_) return end_iteration(false);
  task_ = w_.pick_task();
  if (!draw_rows(w_.scn().tasks[task_].feeders)) {
    stopped_ = true;
    return end_iteration(false);
  }
  ++iteration_;
  step_ = 0;
  iteration_start_ = std::chrono::steady_clock::now();
  if (!open_) intended_ = iteration_start_;
  send_current();
}

const step_entry& virtual_user::current() const {
  return in_on_start_ ? w_.on_start_steps()[step_] : w_.task_steps(task_)[step_];
}

void virtual_user::send_current() {
  const step_entry& e = current();
  std::string_view bytes = e.prebuilt;
  if (!e.literal) {
    render_context ctx{captures_, rows_, user_id_, iteration_, &w_.rng()};
    build_request(w_.scn(), *e.spec, ctx, request_buf_, body_scratch_);
    bytes = request_buf_;
  }
  std::chrono::nanoseconds timeout = e.spec->timeout.value_or(std::chrono::nanoseconds(0));
  // No check or capture reads the body: counted and discarded, but for an error response's first bytes.
  body_sink* sink = &error_body_;
  if (e.keep_body) {
    body_.set_limit(e.max_body);
    sink = &body_;
  }
  record_ = w_.recording(w_.clock().now());
  if (e.spec->stream != stream_mode::none) {
    stream_.arm({e.spec->stream == stream_mode::sse, e.spec->token_event, e.max_body, sink,
                 record_ ? &w_.rec() : nullptr, e.id});
    sink = &stream_;
  }
  session_->async_send({bytes, e.head, timeout, sink}, [this](const send_result& r) { on_response(r); });
}

bool virtual_user::judge(const step_entry& e, const http_response& resp, int& status, bool& check_failed) {
  status = resp.status;
  const checks& c = e.spec->check;
  bool status_ok = c.statuses.empty()
                       ? status < 400
                       : std::find(c.statuses.begin(), c.statuses.end(), static_cast<unsigned>(status)) != c.statuses.end();
  if (!status_ok) {
    failure_reason_ = "status " + std::to_string(status);
    return false;
  }
  if (e.simple) return true;
  split_headers(resp.header_block, headers_);
  if (!c.json.empty() || !c.body_contains.empty()) {
    if (auto r = evaluate_checks(c, static_cast<unsigned>(status), headers_, body_.body()); !r.ok) {
      check_failed = true;
      failure_reason_ = std::move(r.failure);
      return false;
    }
  }
  if (!e.spec->captures.empty()) {
    if (auto missing = apply_captures(*e.spec, headers_, body_.body(), captures_); !missing.empty()) {
      check_failed = true;
      failure_reason_ = "capture '" + missing.front() + "' not found";
      return false;
    }
  }
  return true;
}

void virtual_user::on_response(const send_result& r) {
  const step_entry& e = current();
  // Open model: the first request of an iteration is timed from its intended start.
  bool from_intended = open_ && step_ == 0 && !in_on_start_;
  const auto start = from_intended ? std::min(intended_, r.sent_at) : r.sent_at;
  auto latency = r.done_at - start;
  auto service = r.done_at - r.sent_at;
  const bool record = record_;
  bool ok = false;
  if (r.failure != failure_kind::none) {
    if (is_connect_failure(r.failure)) w_.note_connect_failure();
    const error_kind kind = record_stream_parts(e, r, to_error_kind(r.failure), false, latency, start);
    if (record) w_.rec().record_failure(e.id, kind, latency, service, 0);
  } else {
    w_.note_response();
    int status = 0;
    bool check_failed = false;
    ok = judge(e, *r.response, status, check_failed);
    if (status == 429) {  // rate limited: its own kind, never an error; the iteration ends here
      ok = false;
      if (record) w_.rec().record_rate_limited(e.id);
    } else {
      record_stream_parts(e, r, error_kind::check, ok, latency, start);
      if (record) {
        if (ok) w_.rec().record_success(e.id, latency, service, status, r.bytes_sent, r.bytes_received);
        else w_.rec().record_failure(e.id, check_failed ? error_kind::check : error_kind::status, latency, service, status,
                                     failure_reason_, e.keep_body ? body_.body() : error_body_.body());
      }
    }
  }
  if (w_.drain_over()) {  // recorded above (cancelled = unfinished); nothing more is sent
    busy_ = false;
    w_.note_busy(false);
    return;
  }
  // A failed step ends the iteration: later steps may depend on its captures.
  if (ok) {
    const auto& steps = in_on_start_ ? w_.on_start_steps() : w_.task_steps(task_);
    if (++step_ < steps.size() && !w_.stopping()) return send_current();
  }
  if (in_on_start_) {
    in_on_start_ = false;
    on_start_done_ = true;
    if (ok && !w_.stopping()) return begin_task();
  }
  // Connect and TLS handshake failures back off: a failing target must not become a busy loop.
  end_iteration(is_connect_failure(r.failure) || r.failure == failure_kind::tls);
}

error_kind virtual_user::record_stream_parts(const step_entry& e, const send_result& r, error_kind kind, bool ok,
                                             std::chrono::nanoseconds latency, time_point start) {
  const bool streamed = e.spec->stream != stream_mode::none && stream_.observed().is_stream;
  const bool cut = streamed && r.failure != failure_kind::none &&
                   (kind == error_kind::reset || kind == error_kind::stream || kind == error_kind::timeout);
  if (cut) kind = error_kind::stream_cut;
  if (!record_) return kind;
  std::optional<stream_sample> sample;
  if (streamed) {
    sample = stream_figures(stream_.observed(), start, r.sent_at, r.done_at, cut);
    w_.rec().record_stream(e.id, *sample);
  }
  // A request the run itself cancelled (unfinished at the end of the drain) is not judged, as
  // GuideLLM leaves out requests cancelled at its duration limit.
  if (e.spec->slo.any() && kind != error_kind::unfinished) {
    static const stream_observation no_stream{};
    const stream_observation& seen = streamed ? stream_.observed() : no_stream;
    w_.rec().record_goodput(e.id, meets_slo(e.spec->slo, ok, seen, sample ? &*sample : nullptr, latency));
  }
  return kind;
}

void virtual_user::end_iteration(bool back_off) {
  if (open_ || stopped_ || w_.stopping()) {
    busy_ = false;
    w_.note_busy(false);
    if (open_ && !stopped_ && !w_.stopping()) w_.on_user_free(*this);
    else if (w_.stopping() || stopped_) session_->close();
    return;
  }
  auto wait = w_.think_time(iteration_start_);
  // An unreachable target must not turn the users into a busy loop of refused connects.
  if (back_off) wait = std::max<std::chrono::nanoseconds>(wait, std::chrono::milliseconds(200));
  if (wait.count() <= 0) return begin_task();
  busy_ = false;
  w_.note_busy(false);
  timer_.expires_after(wait);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    busy_ = true;
    w_.note_busy(true);
    begin_task();
  });
}

void virtual_user::stop() {
  stopped_ = true;
  timer_.cancel();
  session_->close();
}

}  // namespace ragbench::loadgen
