#pragma once
// A virtual user's view of a shared h2_client_session: capacity 1 (the user sends one request at a time),
// close() releases the user's share; the last release closes the connection (requests in flight
// then complete as cancelled). Not thread-safe: the session's io_context thread.
#include <memory>

#include "loadgen/engine/h2_client_session.hpp"

namespace ragbench::loadgen {

class h2_user_handle final : public client_session {
 public:
  explicit h2_user_handle(std::shared_ptr<h2_client_session> shared);
  ~h2_user_handle() override;
  void async_send(const request_bytes& request, send_completion done) override;
  std::size_t capacity() const override { return 1; }
  std::size_t in_flight() const override { return busy_ ? 1 : 0; }
  void close() override;
  std::size_t connects() const override { return shared_->connects(); }

 private:
  std::shared_ptr<h2_client_session> shared_;
  send_completion done_;
  bool busy_ = false, closed_ = false;
};

}  // namespace ragbench::loadgen
