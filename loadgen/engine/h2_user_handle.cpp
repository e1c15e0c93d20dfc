// A virtual user's share of an h2_client_session.
#include "loadgen/engine/h2_user_handle.hpp"

namespace ragbench::loadgen {

h2_user_handle::h2_user_handle(std::shared_ptr<h2_client_session> shared) : shared_(std::move(shared)) {
  shared_->attach_user();
}

h2_user_handle::~h2_user_handle() = default;

void h2_user_handle::async_send(const request_bytes& request, send_completion done) {
  if (closed_) shared_->attach_user();
  busy_ = true;
  closed_ = false;
  done_ = std::move(done);
  shared_->async_send(request, [this](const send_result& r) {
    busy_ = false;
    send_completion d = std::move(done_);
    done_ = nullptr;
    d(r);
  });
}

void h2_user_handle::close() {
  if (closed_) return;
  closed_ = true;
  shared_->detach_user();
}

}  // namespace ragbench::loadgen
