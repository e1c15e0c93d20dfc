// answer_stream: start event (citations) at once, then each token after its delay, then done.
#include "server/pipeline/answer_stream.hpp"

#include <nlohmann/json.hpp>

namespace ragbench::server {

answer_stream::answer_stream(prepared_answer answer, answer_service& service)
    : answer_(std::move(answer)), service_(service) {}

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
    for (const auto& c : answer_.chunks) citations.push_back(c.chunk_id);
    deliver(frame("start", nlohmann::json{{"citations", citations}}.dump()));
    return;
  }
  if (next_token_ == answer_.plan.tokens.size()) {
    sent_done_ = true;
    nlohmann::json done = {{"tokens", answer_.plan.tokens.size()},
                           {"answer", answer_.plan.text()}};
    deliver(frame("done", done.dump()));
    return;
  }
  if (!timer_) timer_ = std::make_unique<boost::asio::steady_timer>(executor);
  timer_->expires_after(answer_.plan.delays[next_token_]);
  timer_->async_wait([this, deliver = std::move(deliver)](const boost::system::error_code& ec) {
    if (ec || cancelled_) {
      deliver(std::nullopt);
      return;
    }
    const std::string& token = answer_.plan.tokens[next_token_++];
    service_.count_tokens(1);
    deliver(frame("token", nlohmann::json{{"text", token}}.dump()));
  });
}

void answer_stream::cancel() {
  cancelled_ = true;
  if (timer_) timer_->cancel();
}

}  // namespace ragbench::server
