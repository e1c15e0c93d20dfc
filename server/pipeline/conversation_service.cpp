// conversation_service: load the recent history, store the user's turn, retrieve, fit, plan.
#include "server/pipeline/conversation_service.hpp"

#include <algorithm>
#include <vector>

#include "server/rag/token_count.hpp"

namespace ragbench::server {

conversation_service::conversation_service(conversation_records& records, answer_service& answers,
                                           std::size_t context_tokens, std::size_t k)
    : records_(records), answers_(answers), context_tokens_(context_tokens), k_(k) {}

std::string_view conversation_service::system_prompt() {
  return "You are a helpful assistant. Answer the user's question from the retrieved passages and cite "
         "each passage you use.";
}

std::optional<conversation_turn> conversation_service::begin_turn(std::uint64_t user_id,
                                                                  std::uint64_t conversation_id,
                                                                  std::string content) {
  auto conv = records_.get(user_id, conversation_id);
  if (!conv) return std::nullopt;
  // No turn costs less than its overhead, so no more than this many can fit: read only those.
  const std::size_t readable = context_tokens_ / turn_overhead_tokens + 1;
  const auto history = records_.messages(user_id, conversation_id, readable);
  std::vector<std::size_t> history_tokens;
  history_tokens.reserve(history.size());
  for (const auto& m : history) history_tokens.push_back(count_tokens(m.content));

  const std::size_t system_tokens = count_tokens(system_prompt());
  const std::size_t newest_tokens = count_tokens(content);
  answer_request req;
  req.query = content;
  req.k = k_;
  conversation_turn turn;
  turn.conversation_id = conversation_id;
  turn.answer = answers_.prepare(req, [&](std::span<const retrieved_chunk> chunks) {
    std::vector<std::size_t> chunk_tokens;
    chunk_tokens.reserve(chunks.size());
    for (const auto& c : chunks) chunk_tokens.push_back(count_tokens(*c.text));
    turn.fit = fit_context(context_tokens_, system_tokens, newest_tokens, chunk_tokens, history_tokens);
    return turn.fit.chunks_kept;
  });
  // Turns older than those read were dropped too.
  // (max: a turn added concurrently since get() may be in `history` but not in message_count.)
  const std::size_t earlier = std::max(static_cast<std::size_t>(conv->message_count), history.size());
  turn.fit.history_dropped = earlier - turn.fit.history_kept;

  conversation_message m;
  m.role = "user";
  m.content = std::move(content);
  if (!records_.add_message(user_id, conversation_id, m)) return std::nullopt;
  turn.user_message_id = m.id;
  return turn;
}

bool conversation_service::finish_turn(std::uint64_t user_id, std::uint64_t conversation_id, std::string answer) {
  conversation_message m;
  m.role = "assistant";
  m.content = std::move(answer);
  return records_.add_message(user_id, conversation_id, m);
}

}  // namespace ragbench::server
