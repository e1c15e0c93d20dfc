#pragma once
// Reading the JSON body of the retrieval routes (/v1/search, /v1/query, /v1/chat).
#include "server/http/message.hpp"
#include "server/pipeline/answer_service.hpp"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>

namespace ragbench::server {

// {query (3..1000 bytes), k (1..100, default `default_k`), filters: {document_id (>= 1)}} shared by
// all three routes, plus the route-specific fields in `allowed`: cache (query), session (chat: a
// conversation id of at most 200 letters, digits and - _ . :, echoed back in x-session),
// conversation_id (chat: a stored conversation to answer in, >= 1, written to *conversation when given;
// 0 when absent). Members outside `allowed` are refused. Throws api_error (400, 415) naming the field. Pure.
answer_request read_retrieval(const request& req, std::size_t default_k, std::initializer_list<std::string_view> allowed,
                              std::uint64_t* conversation = nullptr);

}  // namespace ragbench::server
