// Keeping a response body up to a bound.
#include "loadgen/engine/body_buffer.hpp"

namespace ragbench::loadgen {

failure_kind body_buffer::on_body(std::string_view bytes) {
  if (bytes.size() > max_bytes_ - body_.size()) return failure_kind::body_too_large;
  body_.append(bytes);
  return failure_kind::none;
}

}  // namespace ragbench::loadgen
