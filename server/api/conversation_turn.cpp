// A conversation turn: the context event, the answer stream, and the assistant turn stored before `done`.
#include "server/api/conversation_turn.hpp"

#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

#include "server/api/bearer_auth.hpp"
#include "server/api/route_support.hpp"
#include "server/pipeline/answer_stream.hpp"

namespace ragbench::server {
namespace {

// The answer stream with a `context` frame first; the `done` frame is held back until the
// assistant's turn is stored (on the compute pool), and gets its message id.
class conversation_turn_body final : public body_stream {
 public:
  conversation_turn_body(api_services& s, std::uint64_t user_id, conversation_turn turn,
                         std::shared_ptr<generation_stream> generation, std::string context_frame)
      : services_(s),
        user_id_(user_id),
        conversation_id_(turn.conversation_id),
        generation_(generation),
        context_frame_(std::move(context_frame)),
        stream_(std::move(turn.answer.chunks), std::move(generation), s.answers) {}

  void next(boost::asio::any_io_executor executor, std::function<void(std::optional<std::string>)> deliver) override {
    if (!context_frame_.empty()) {
      deliver(std::exchange(context_frame_, {}));
      return;
    }
    // The callback captures no `this`: after cancel() the stream may be gone when it runs.
    stream_.next(executor, [&s = services_, user = user_id_, conversation = conversation_id_, generation = generation_,
                            executor, deliver = std::move(deliver)](std::optional<std::string> piece) mutable {
      if (!piece || !piece->starts_with("event: done")) {
        deliver(std::move(piece));
        return;
      }
      s.compute.post([&s, user, conversation, generation, executor, deliver = std::move(deliver)]() mutable {
        nlohmann::json done = {{"tokens", generation->completion_tokens()}, {"answer", generation->text()}};
        try {
          conversation_message m;
          m.role = "assistant";
          m.content = generation->text();
          if (s.conversations.records().add_message(user, conversation, m)) done["message_id"] = m.id;
        } catch (const std::exception& e) {
          s.log.warn(std::string("the assistant turn was not stored: ") + e.what());
        }
        boost::asio::post(executor, [deliver = std::move(deliver), frame = answer_stream::frame("done", done.dump())]() mutable {
          deliver(std::move(frame));
        });
      });
    });
  }
  void cancel() override { stream_.cancel(); }

 private:
  api_services& services_;
  std::uint64_t user_id_;
  std::uint64_t conversation_id_;
  std::shared_ptr<generation_stream> generation_;
  std::string context_frame_;
  answer_stream stream_;
};

}  // namespace

void answer_conversation_turn(api_services& s, request req, std::uint64_t conversation_id, std::string content,
                              respond_fn respond) {
  offload(s, std::move(respond), [&s, req = std::move(req), conversation_id, content = std::move(content)]() mutable {
    const std::uint64_t user = acting_user(s, req);
    auto slot = s.generation.slots.admit();
    if (!slot) {
      response busy = json_error(503, "overloaded", "all decode slots are busy and the queue is full (" +
                                                        std::to_string(s.generation.slots.queue_max()) +
                                                        " waiting); retry later");
      busy.set_header("retry-after", "1");
      return busy;
    }
    auto turn = s.conversations.begin_turn(user, conversation_id, std::move(content));
    if (!turn) throw api_error(404, "not_found", "conversation " + std::to_string(conversation_id) + " not found");
    const nlohmann::json context = {{"conversation_id", conversation_id},
                                    {"message_id", turn->user_message_id},
                                    {"context_tokens", s.conversations.context_tokens()},
                                    {"prompt_tokens", turn->fit.prompt_tokens},
                                    {"turns_kept", turn->fit.history_kept},
                                    {"turns_dropped", turn->fit.history_dropped},
                                    {"chunks_kept", turn->fit.chunks_kept}};
    response res;
    res.status = 200;
    res.set_header("content-type", "text/event-stream");
    res.set_header("cache-control", "no-cache");
    res.set_header("x-conversation-id", std::to_string(conversation_id));
    res.set_header("x-context-turns-kept", std::to_string(turn->fit.history_kept));
    auto generation = generation_stream::create(std::move(turn->answer.plan), SIZE_MAX, std::move(slot),
                                                s.generation.clock, s.generation.chat);
    res.stream = std::make_shared<conversation_turn_body>(s, user, std::move(*turn), std::move(generation),
                                                         answer_stream::frame("context", context.dump()));
    return res;
  });
}

}  // namespace ragbench::server
