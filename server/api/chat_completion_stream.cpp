// chat_completion_stream: role -> content events -> finish (+ usage) + [DONE] -> end.
#include "server/api/chat_completion_stream.hpp"

namespace ragbench::server {

chat_completion_stream::chat_completion_stream(chat_completion_format format,
                                               std::shared_ptr<generation_stream> generation,
                                               std::size_t prompt_tokens, answer_service& service)
    : format_(std::move(format)), generation_(std::move(generation)), prompt_tokens_(prompt_tokens), service_(service) {}

void chat_completion_stream::next(boost::asio::any_io_executor executor,
                                  std::function<void(std::optional<std::string>)> deliver) {
  switch (phase_) {
    case phase::role:
      phase_ = generation_->completion_tokens() > 0 ? phase::content : phase::tail;
      deliver(format_.role_chunk());
      return;
    case phase::content:
      generation_->next(executor, [this, deliver = std::move(deliver)](std::optional<generation_event> event) {
        if (!event) {  // cancelled: this stream may already be gone, so touch nothing
          deliver(std::nullopt);
          return;
        }
        if (event->last) phase_ = phase::tail;
        service_.count_tokens(event->tokens);
        deliver(format_.content_chunk(event->text));
      });
      return;
    case phase::tail: {
      phase_ = phase::done;
      std::string tail = format_.finish_chunk(generation_->cut_by_max_tokens() ? "length" : "stop");
      if (format_.include_usage()) tail += format_.usage_chunk({prompt_tokens_, generation_->completion_tokens()});
      tail += chat_completion_format::done_event();
      deliver(std::move(tail));
      return;
    }
    case phase::done:
      deliver(std::nullopt);
      return;
  }
}

void chat_completion_stream::cancel() {
  phase_ = phase::done;
  generation_->cancel();
}

}  // namespace ragbench::server
