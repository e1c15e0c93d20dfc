#include "loadgen/engine/session_factory.hpp"

#include <stdexcept>

#include "loadgen/engine/http1_session.hpp"

namespace ragbench::loadgen {

void check_protocol_supported(protocol_kind protocol) {
  switch (protocol) {
    case protocol_kind::http1: return;
    case protocol_kind::h2c: throw std::invalid_argument("protocol h2c: this loadgen speaks HTTP/1.1 only so far; use protocol: http1");
  }
  throw std::invalid_argument("unknown protocol");
}

std::unique_ptr<client_session> make_session(protocol_kind protocol, boost::asio::io_context& io,
                                             const boost::asio::ip::tcp::endpoint& target,
                                             const session_options& options) {
  check_protocol_supported(protocol);
  return std::make_unique<http1_session>(io, target, options);
}

}  // namespace ragbench::loadgen
