#pragma once
// One conversation turn answered over Server-Sent Events, shared by
// POST /v1/conversations/{id}/messages and /v1/chat with a conversation_id: the acting user is
// resolved, the user's turn stored and the answer planned within the context window
// (pipeline/conversation_service.hpp), a decode slot admitted, and the answer streamed like
// /v1/chat's -- preceded by a `context` event saying what the prompt kept. The assistant's turn is
// stored before the `done` event is sent, so a client that saw `done` reads both turns back.
#include <cstdint>
#include <string>

#include "server/api/api_services.hpp"
#include "server/http/message.hpp"

namespace ragbench::server {

// Answers on the compute pool: 401 (token), 404 `not_found` (no such conversation of this user),
// 503 `overloaded` (decode slots full), else 200 text/event-stream with events
//   context {conversation_id, message_id, context_tokens, prompt_tokens, turns_kept, turns_dropped, chunks_kept}
//   start {citations} / token {text} ... / done {tokens, answer, message_id}
// and the headers x-conversation-id and x-context-turns-kept.
void answer_conversation_turn(api_services& s, request req, std::uint64_t conversation_id, std::string content,
                              respond_fn respond);

}  // namespace ragbench::server
