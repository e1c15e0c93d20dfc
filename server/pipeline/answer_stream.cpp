// answer_stream: start event (citations) at once, then each generation event after its delay,
// then done.
#include "server/pipeline/answer_stream.hpp"

#include <nlohmann/json.hpp>

namespace ragbench::server {

answer_stream::answer_stream(std::vector<retrieved_chunk> chunks, std::shared_ptr<generation_stream> generation,
                             answer_service& service)
    : chunks_(std::move(chunks)), generation_(std::move(generation)), service_(service) {}

std::string answer_stream::frame(std::string_view event, std::string_view data) {
  std::string out;
  out.reserve(event.size() + data.size() + 16);
  out.append("event: ").append(event).append("\ndata: ").append(data).append("\n\n");
  return out;
}

void answer_stream::next(boost::asio::any_io_executor executor,
                         std::function<void(std::optional<std::string>)> deliver) {
  if (cancelled_ || sent_done_) {
    deliver(std::nullopt);
    return;
  }
  if (!sent_start_) {
    sent_start_ = true;
    nlohmann::json citations = nlohmann::json::array();
    for (const auto& c : chunks_) citations.push_back(c.chunk_id);
    deliver(frame("start", nlohmann::json{{"citations", citations}}.dump()));
    return;
  }
  if (sent_last_token_) {
    sent_done_ = true;
    nlohmann::json done = {{"tokens", generation_->completion_tokens()}, {"answer", generation_->text()}};
    deliver(frame("done", done.dump()));
    return;
  }
  generation_->next(executor, [this, deliver = std::move(deliver)](std::optional<generation_event> event) {
    if (!event) {  // cancelled: the stream may already be gone, so touch nothing
      deliver(std::nullopt);
      return;
    }
    sent_last_token_ = event->last;
    service_.count_tokens(event->tokens);
    nlohmann::json data = {{"text", event->text}};
    if (event->tokens != 1) data["tokens"] = event->tokens;  // one token per event: the original shape
    deliver(frame("token", data.dump()));
  });
}

void answer_stream::cancel() {
  cancelled_ = true;
  generation_->cancel();
}

}  // namespace ragbench::server
