// accept() failure accounting and log throttling (see accept_errors.hpp).
#include "server/http/accept_errors.hpp"

#include <boost/system/error_code.hpp>

namespace ragbench::server {

accept_error_reason classify_accept_error(const boost::system::error_code& ec) {
  if (ec == boost::system::errc::too_many_files_open) return accept_error_reason::emfile;
  if (ec == boost::system::errc::too_many_files_open_in_system) return accept_error_reason::enfile;
  return accept_error_reason::other;
}

std::string_view to_string(accept_error_reason r) {
  switch (r) {
    case accept_error_reason::emfile: return "emfile";
    case accept_error_reason::enfile: return "enfile";
    case accept_error_reason::other: return "other";
  }
  return "other";
}

std::optional<std::string> accept_error_log::record(const boost::system::error_code& ec, clock::time_point now) {
  auto reason = classify_accept_error(ec);
  counts_[static_cast<std::size_t>(reason)].fetch_add(1, std::memory_order_relaxed);
  ++since_line_;
  if (last_line_ && now - *last_line_ < interval_) return std::nullopt;
  std::string line = "accept failed: " + ec.message() + " (" + std::string(to_string(reason)) + "), " +
                     std::to_string(since_line_) + (since_line_ == 1 ? " time" : " times") +
                     (last_line_ ? " since the last report" : "");
  if (reason != accept_error_reason::other) line += "; closing the longest-idle connections to free descriptors";
  last_line_ = now;
  since_line_ = 0;
  return line;
}

}  // namespace ragbench::server
