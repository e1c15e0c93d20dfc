#pragma once
// The one place a client_session implementation is chosen, by the run's connection plan:
//   http1 -> one http1_session per virtual user (plain or TLS);
//   h2c / h2 -> the worker's share of `connections` h2_client_sessions, users spread over them
//               round-robin, each user holding an h2_user_handle (so N users multiplex on a connection).
// One factory per engine worker (its io_context thread); not thread-safe.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <vector>

#include "loadgen/engine/client_session.hpp"
#include "loadgen/engine/h2_client_session.hpp"
#include "loadgen/engine/http1_session.hpp"
#include "loadgen/engine/tls_client_context.hpp"
#include "loadgen/scenario/scenario.hpp"

namespace ragbench::loadgen {

// Settled by the engine before the run (protocol auto is resolved by one ALPN probe).
struct connection_plan {
  protocol_kind protocol = protocol_kind::http1;  // http1, h2c or h2
  bool tls = false;
  std::uint32_t connections = 1;   // HTTP/2: connections over all workers
  std::uint32_t max_streams = 100; // HTTP/2: streams per connection (the server's limit may be lower)
};

// The plan for `s` with `workers` threads; `negotiated` is the protocol (already resolved for auto).
connection_plan plan_connections(const scenario& s, protocol_kind negotiated, unsigned workers,
                                 std::uint32_t default_open_connections);

class session_factory {
 public:
  // Throws std::invalid_argument when the TLS settings cannot be used (unreadable ca_file).
  session_factory(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& target,
                  const session_options& options, const scenario& s, const connection_plan& plan,
                  unsigned worker_index, unsigned worker_count);

  std::unique_ptr<client_session> make_user_session();
  // Open model: how many users (concurrent iterations) this worker may run. HTTP/1.1: one per
  // connection, `http1_users`; HTTP/2: its connections x max_streams.
  std::size_t max_open_users(std::size_t http1_users) const;
  // Counters for the run's warnings. tls() is null for cleartext runs.
  const tls_stats* tls() const { return tls_ ? &tls_->stats() : nullptr; }
  const h2_stats& h2() const { return h2_stats_; }
  const http1_stats& http1() const { return http1_stats_; }

 private:
  boost::asio::io_context& io_;
  boost::asio::ip::tcp::endpoint target_;
  session_options options_;
  connection_plan plan_;
  std::unique_ptr<tls_client_context> tls_;
  h2_stats h2_stats_;
  http1_stats http1_stats_;
  std::vector<std::shared_ptr<h2_client_session>> connections_;
  std::size_t next_ = 0;
};

// Throws std::invalid_argument when `protocol` cannot be run (every protocol of the schema can now).
void check_protocol_supported(protocol_kind protocol);

}  // namespace ragbench::loadgen
