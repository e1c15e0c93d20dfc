#pragma once
// The one place a client_session implementation is chosen, by the scenario's protocol.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>

#include "loadgen/engine/client_session.hpp"
#include "loadgen/scenario/scenario.hpp"

namespace ragbench::loadgen {

// http1 -> http1_session. h2c (HTTP/2) has no session type yet: throws std::invalid_argument with a clear message
// (the engine calls this before any traffic, via check_protocol_supported).
std::unique_ptr<client_session> make_session(protocol_kind protocol, boost::asio::io_context& io,
                                             const boost::asio::ip::tcp::endpoint& target,
                                             const session_options& options);

// Throws std::invalid_argument when make_session cannot build sessions for `protocol`.
void check_protocol_supported(protocol_kind protocol);

}  // namespace ragbench::loadgen
