#pragma once
// One virtual user: its connection, captured variables, feeder rows and the loop of the scenario.
// Closed model: start() runs on_start, then task after task with think time until the worker stops.
// Open model: start_iteration() runs one task (on_start first, once) for an arrival and hands the
// user back to the worker. Lives on one worker thread; not thread-safe.
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "loadgen/engine/body_buffer.hpp"
#include "loadgen/engine/client_session.hpp"
#include "loadgen/engine/error_body_sink.hpp"
#include "loadgen/engine/stream_sink.hpp"
#include "loadgen/scenario/capture.hpp"
#include "loadgen/scenario/scenario.hpp"

namespace ragbench::loadgen {

class worker;
struct step_entry;

class virtual_user {
 public:
  using time_point = std::chrono::steady_clock::time_point;
  virtual_user(worker& w, std::uint64_t user_id, std::unique_ptr<client_session> session);

  void start();                                // closed model
  void start_iteration(time_point intended);   // open model
  bool busy() const { return busy_; }
  // Cancels think time and closes the connection; a request in flight completes as cancelled
  // (recorded as unfinished).
  void stop();

 private:
  void begin_task();
  bool draw_rows(const std::vector<std::size_t>& feeders);
  void send_current();
  void on_response(const send_result& r);
  // Stream figures and goodput of the response just judged; returns the error kind to record
  // (stream_cut instead of reset/stream/timeout for a stream that had begun).
  error_kind record_stream_parts(const step_entry& e, const send_result& r, error_kind kind, bool ok,
                                 std::chrono::nanoseconds latency, time_point start);
  // Whether the response passes the step's status and checks, and captures what it must; on a failure
  // `failure_reason_` says why ("status 503", the failed check's message, a capture not found).
  bool judge(const step_entry& e, const http_response& resp, int& status_out, bool& check_failed);
  void end_iteration(bool back_off);
  const step_entry& current() const;

  worker& w_;
  std::uint64_t user_id_;
  std::unique_ptr<client_session> session_;
  boost::asio::steady_timer timer_;
  std::vector<std::string> captures_;
  std::vector<const feeder_row*> rows_;
  std::vector<header_field> headers_;
  body_buffer body_;  // the body of the step in flight, when a check or capture reads it
  error_body_sink error_body_;  // otherwise: the start of an error response's body, for the failure's sample
  std::string failure_reason_;  // why the response just judged failed (see judge)
  stream_sink stream_;  // times the step's text/event-stream response (steps not `stream: none`)
  bool record_ = false;  // the request in flight counts (decided at its send: warm-up)
  std::string request_buf_, body_scratch_;
  std::uint64_t iteration_ = 0;
  std::size_t task_ = 0, step_ = 0;
  bool in_on_start_ = false;
  bool on_start_done_ = false;
  bool busy_ = false;
  bool stopped_ = false;
  bool open_ = false;
  time_point intended_{}, iteration_start_{};
};

}  // namespace ragbench::loadgen
