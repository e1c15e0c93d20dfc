#pragma once
// The streamed body of POST /v1/chat/completions (stream: true): the role chunk at once, one
// content chunk per generation event (llm_tokens_per_event tokens) as the generation stream
// releases it, then the finish chunk, the usage chunk (when asked) and "data: [DONE]" as one
// last piece. Format: chat_completion_format.hpp. No thread per stream: the generation stream's
// timers run on the connection's executor, and the transport pulls the next piece only after it
// wrote the previous one.
#include <memory>
#include <optional>

#include "server/api/chat_completion_format.hpp"
#include "server/http/message.hpp"
#include "server/pipeline/answer_service.hpp"
#include "server/pipeline/generation_stream.hpp"

namespace ragbench::server {

class chat_completion_stream final : public body_stream {
 public:
  // `prompt_tokens` goes into the usage chunk; `service` counts streamed tokens and must outlive
  // the stream.
  chat_completion_stream(chat_completion_format format, std::shared_ptr<generation_stream> generation,
                         std::size_t prompt_tokens, answer_service& service);

  void next(boost::asio::any_io_executor executor,
            std::function<void(std::optional<std::string>)> deliver) override;
  void cancel() override;

 private:
  enum class phase { role, content, tail, done };

  chat_completion_format format_;
  std::shared_ptr<generation_stream> generation_;
  std::size_t prompt_tokens_;
  answer_service& service_;
  phase phase_ = phase::role;
};

}  // namespace ragbench::server
