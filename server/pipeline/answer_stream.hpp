#pragma once
// Server-Sent Events body for /v1/chat: the simulated model's answer, one `token` event per
// generation event (llm_tokens_per_event tokens, 1 by default) released by the generation stream
// after its planned delay (and the decode slot), then one `done` event with the token count.
// No thread is held per stream: each piece is produced by a steady_timer on the connection's
// executor, and the next timer starts only after the consumer took the previous piece.
// Protocol-free: the api layer adapts it to the transport's streamed body (api/answer_stream_body.hpp).
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "server/pipeline/answer_service.hpp"
#include "server/pipeline/generation_stream.hpp"

namespace ragbench::server {

// Pull protocol: call next() once, and again only after the previous piece was delivered and
// consumed; never concurrently with itself. Not thread-safe otherwise (one connection owns it).
class answer_stream final {
 public:
  // `chunks` are cited in the start event; `generation` releases the answer's events; `service`
  // only counts streamed tokens and must outlive the stream.
  answer_stream(std::vector<retrieved_chunk> chunks, std::shared_ptr<generation_stream> generation,
                answer_service& service);

  // Produces the next SSE frame and calls `deliver` exactly once, on `executor`: at once for the
  // `start` and `done` frames, after the token's planned delay (a timer) for a `token` frame, and
  // with nullopt at end of stream or after cancel().
  void next(boost::asio::any_io_executor executor, std::function<void(std::optional<std::string>)> deliver);
  // The consumer went away: stops the pending timer; the next delivery is nullopt.
  void cancel();

  // SSE framing of one event: "event: NAME\ndata: DATA\n\n" (DATA must not contain newlines).
  static std::string frame(std::string_view event, std::string_view data);

 private:
  std::vector<retrieved_chunk> chunks_;
  std::shared_ptr<generation_stream> generation_;
  answer_service& service_;
  bool sent_start_ = false;
  bool sent_last_token_ = false;
  bool sent_done_ = false;
  bool cancelled_ = false;
};

}  // namespace ragbench::server
