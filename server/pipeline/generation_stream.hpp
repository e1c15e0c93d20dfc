#pragma once
// One request's simulated generation over time, shared by /v1/chat and /v1/chat/completions:
// wait for the decode slot, then release the plan's events (groups of tokens, see
// llm_plan::event_sizes), each after its planned delay, with a steady_timer on the caller's
// executor (no thread is held per stream). The slot is held until the last event is handed over.
//
// Server-side stream figures, recorded into the route's histograms when given:
//   time to first token = handing the first content event to the transport - admission
//                         (the ticket's admitted_at: queue wait + planned TTFT + timer lag);
//   inter-event gap     = between consecutive content events handed to the transport;
//   time per output token = (last event - first event) / (tokens - 1), once per stream;
//   queue wait          = slot granted - admission.
// "Handed to the transport" is the moment the piece is delivered to the HTTP/1.1 or HTTP/2
// writer; the client sees it one socket write later.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>

#include "common/clock.hpp"
#include "server/metrics/histogram.hpp"
#include "server/rag/decode_scheduler.hpp"
#include "server/rag/llm_simulator.hpp"

namespace ragbench::server {

// One event of the answer as it is released.
struct generation_event {
  std::string text;        // its tokens concatenated (leading spaces included)
  std::size_t tokens = 0;  // >= 1
  bool last = false;       // no event follows
};

// Where a stream records its figures (seconds). Any of them may be null (not recorded).
struct generation_metrics {
  histogram* time_to_first_token = nullptr;
  histogram* inter_event = nullptr;
  histogram* time_per_output_token = nullptr;
  histogram* queue_wait = nullptr;
};

class generation_stream : public std::enable_shared_from_this<generation_stream> {
 public:
  using slot_ticket = std::shared_ptr<decode_scheduler::ticket>;

  // `plan` is cut after `max_tokens` tokens (the finish reason becomes "length"). `slot` is the
  // request's admitted ticket (granted or waiting; not null). `clock` must outlive the stream.
  static std::shared_ptr<generation_stream> create(llm_plan plan, std::size_t max_tokens, slot_ticket slot,
                                                   const clock_source& clock, generation_metrics metrics);

  // Calls `deliver` exactly once, on `executor`: with the next event after its delay (the first
  // one after the slot was granted and the time to first token passed), or with nullopt after
  // cancel(). Not to be called again after an event with `last` set, nor concurrently.
  void next(boost::asio::any_io_executor executor, std::function<void(std::optional<generation_event>)> deliver);

  // For a response that is not streamed: calls `done` on `executor` once the slot was granted and
  // the whole (cut) answer's generation time has passed, then frees the slot; done(false) after
  // cancel(). Records only the queue wait.
  void wait_all(boost::asio::any_io_executor executor, std::function<void(bool)> done);

  // Stops the timer, gives the slot back, and makes a pending next()/wait_all() complete with
  // nullopt/false. Idempotent. Call on the stream's executor.
  void cancel();

  std::size_t completion_tokens() const { return token_count_; }  // after the cut
  bool cut_by_max_tokens() const { return token_count_ < plan_.tokens.size(); }
  std::string text() const;  // the (cut) answer
  const llm_plan& plan() const { return plan_; }

 private:
  generation_stream(llm_plan plan, std::size_t max_tokens, slot_ticket slot, const clock_source& clock,
                    generation_metrics metrics);
  // Runs `then` on `executor` once the slot is granted (at once when it already is).
  void after_slot(boost::asio::any_io_executor executor, std::function<void()> then);
  // Starts the timer for the next event (or, for wait_all, for everything left).
  void arm_timer(std::chrono::microseconds delay, std::function<void()> on_expiry);
  void release_event();
  void finish_slot();
  void complete_cancelled();

  llm_plan plan_;
  std::size_t token_count_;
  slot_ticket slot_;
  const clock_source& clock_;
  generation_metrics metrics_;
  std::size_t next_event_ = 0;  // index into plan_.event_sizes
  std::size_t next_token_ = 0;  // first token of that event
  bool cancelled_ = false;
  bool slot_ready_ = false;
  std::optional<clock_source::time_point> first_sent_, last_sent_;
  boost::asio::any_io_executor executor_;
  std::function<void(std::optional<generation_event>)> deliver_;  // pending next()
  std::function<void(bool)> done_;                                // pending wait_all()
  std::unique_ptr<boost::asio::steady_timer> timer_;
};

}  // namespace ragbench::server
