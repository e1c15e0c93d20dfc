#pragma once
// One turn of a stored conversation (seed 004): the user's message is stored, the answer is
// retrieved and planned like /v1/chat's, and the prompt -- system prompt, retrieved chunks, the
// conversation's earlier turns, the new turn -- is fitted into the context window
// (context_window.hpp: oldest turns dropped first). The caller streams the planned answer and then
// stores it with finish_turn. Blocking (store reads and writes): call from the compute pool.
// Thread-safe; the records and the answer service must outlive it.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "server/pipeline/answer_service.hpp"
#include "server/pipeline/context_window.hpp"
#include "server/store/conversation_records.hpp"

namespace ragbench::server {

struct conversation_turn {
  std::uint64_t conversation_id = 0;
  std::uint64_t user_message_id = 0;  // the stored user turn
  prepared_answer answer;             // its chunks are those the window kept
  context_fit fit;                    // history_dropped counts every earlier turn not kept
};

class conversation_service {
 public:
  // `context_tokens`: the window; `k`: chunks retrieved per turn (before fitting).
  conversation_service(conversation_records& records, answer_service& answers, std::size_t context_tokens,
                       std::size_t k);

  // Stores `content` as the user's turn and prepares the answer; nullopt when the user has no such
  // conversation. Throws store_error when the store fails.
  std::optional<conversation_turn> begin_turn(std::uint64_t user_id, std::uint64_t conversation_id,
                                              std::string content);
  // Stores the assistant's answer to the turn; false when the conversation was deleted meanwhile.
  bool finish_turn(std::uint64_t user_id, std::uint64_t conversation_id, std::string answer);

  // The system prompt every conversation turn starts with (counted into the window).
  static std::string_view system_prompt();
  std::size_t context_tokens() const { return context_tokens_; }
  conversation_records& records() { return records_; }

 private:
  conversation_records& records_;
  answer_service& answers_;
  std::size_t context_tokens_;
  std::size_t k_;
};

}  // namespace ragbench::server
