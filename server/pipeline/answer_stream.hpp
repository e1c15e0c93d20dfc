#pragma once
// Server-Sent Events body for /v1/chat: the simulated model's answer, one `token` event per token
// released by a timer after its planned delay, then one `done` event with the citations.
// No thread is held per stream: each piece is produced by a steady_timer on the connection's
// executor, and the next timer starts only after the transport wrote the previous piece.
#include <boost/asio/steady_timer.hpp>

#include <memory>
#include <optional>

#include "server/http/message.hpp"
#include "server/pipeline/answer_service.hpp"

namespace ragbench::server {

class answer_stream final : public body_stream {
 public:
  // `service` only counts streamed tokens; it must outlive the stream.
  answer_stream(prepared_answer answer, answer_service& service);

  void next(boost::asio::any_io_executor executor,
            std::function<void(std::optional<std::string>)> deliver) override;
  void cancel() override;

  // SSE framing of one event: "event: NAME\ndata: DATA\n\n" (DATA must not contain newlines).
  static std::string frame(std::string_view event, std::string_view data);

 private:
  prepared_answer answer_;
  answer_service& service_;
  std::size_t next_token_ = 0;
  bool sent_start_ = false;
  bool sent_done_ = false;
  bool cancelled_ = false;
  std::unique_ptr<boost::asio::steady_timer> timer_;
};

}  // namespace ragbench::server
