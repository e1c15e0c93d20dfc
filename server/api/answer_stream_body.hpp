#pragma once
// Adapts the pipeline's answer_stream (protocol-free) to the transport's streamed body
// (http/message.hpp body_stream), so the pipeline does not depend on the HTTP layer.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/http/message.hpp"
#include "server/pipeline/answer_stream.hpp"

namespace ragbench::server {

// Same pull protocol and thread-safety as answer_stream; every call forwards.
class answer_stream_body final : public body_stream {
 public:
  answer_stream_body(std::vector<retrieved_chunk> chunks, std::shared_ptr<generation_stream> generation,
                     answer_service& service)
      : stream_(std::move(chunks), std::move(generation), service) {}

  void next(boost::asio::any_io_executor executor,
            std::function<void(std::optional<std::string>)> deliver) override {
    stream_.next(std::move(executor), std::move(deliver));
  }
  void cancel() override { stream_.cancel(); }

 private:
  answer_stream stream_;
};

}  // namespace ragbench::server
