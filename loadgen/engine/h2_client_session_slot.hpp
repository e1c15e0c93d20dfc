#pragma once
// Internal to h2_client_session (h2_client_session.cpp, h2_client_session_callbacks.cpp): one
// request's state, from the queue through its stream to its completion. Slots are reused; their
// buffers keep their capacity.
#include <string>
#include <string_view>

#include "loadgen/engine/h2_client_session.hpp"

namespace ragbench::loadgen {

struct h2_client_session::slot {
  enum class stage { free, pending, active, done } at = stage::free;
  request_bytes request;
  send_completion done;
  std::int32_t stream_id = -1;
  std::size_t body_offset = 0;
  std::string_view body;
  clock::time_point sent_at{}, deadline{};
  std::string headers;  // the response's header lines, buffer reused
  http_response response;
  bool head_seen = false;  // the final head went to the sink
  failure_kind failure = failure_kind::none;
  std::size_t bytes_sent = 0, bytes_received = 0;
  bool new_connection = false;
};

}  // namespace ragbench::loadgen
