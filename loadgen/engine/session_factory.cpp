#include "loadgen/engine/session_factory.hpp"

#include <algorithm>
#include <stdexcept>

#include "loadgen/engine/h2_user_handle.hpp"

namespace ragbench::loadgen {

void check_protocol_supported(protocol_kind protocol) {
  switch (protocol) {
    case protocol_kind::http1:
    case protocol_kind::h2c:
    case protocol_kind::h2:
    case protocol_kind::auto_alpn: return;
  }
  throw std::invalid_argument("unknown protocol");
}

connection_plan plan_connections(const scenario& s, protocol_kind negotiated, unsigned workers,
                                 std::uint32_t default_open_connections) {
  connection_plan p;
  p.protocol = negotiated;
  p.tls = s.target.tls();
  p.max_streams = std::max<std::uint32_t>(1, s.max_streams);
  if (!is_http2(negotiated)) {
    p.connections = 0;  // one per user
    return p;
  }
  if (s.connections) p.connections = s.connections;
  else if (const auto* c = std::get_if<closed_load>(&s.load.shape))
    p.connections = (c->users + p.max_streams - 1) / p.max_streams;
  else if (s.load.max_connections) p.connections = s.load.max_connections;
  else p.connections = std::min<std::uint32_t>(workers, default_open_connections);
  p.connections = std::max(p.connections, workers);  // every worker needs one
  return p;
}

session_factory::session_factory(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& target,
                                 const session_options& options, const scenario& s, const connection_plan& plan,
                                 unsigned worker_index, unsigned worker_count)
    : io_(io), target_(target), options_(options), plan_(plan) {
  if (plan.tls) tls_ = std::make_unique<tls_client_context>(s.tls, s.target.host, plan.protocol);
  if (is_http2(plan.protocol)) {
    std::size_t mine = (plan.connections + worker_count - 1 - worker_index) / worker_count;
    for (std::size_t i = 0; i < std::max<std::size_t>(1, mine); ++i)
      connections_.push_back(
          std::make_shared<h2_client_session>(io_, target_, options_, plan.max_streams, tls_.get(), h2_stats_));
  }
}

std::unique_ptr<client_session> session_factory::make_user_session() {
  if (connections_.empty()) return std::make_unique<http1_session>(io_, target_, options_, tls_.get(), &http1_stats_);
  auto& c = connections_[next_++ % connections_.size()];
  return std::make_unique<h2_user_handle>(c);
}

std::size_t session_factory::max_open_users(std::size_t http1_users) const {
  if (connections_.empty()) return http1_users;
  return connections_.size() * plan_.max_streams;
}

}  // namespace ragbench::loadgen
