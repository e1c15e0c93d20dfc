#pragma once
// Turns a serialized HTTP/1.1 request (what request_builder produces, built once per literal
// template) into HTTP/2 header fields for nghttp2_submit_request: :method, :scheme, :authority (from
// Host), :path, then the other headers with lower-cased names, minus the connection-specific ones
// HTTP/2 forbids (Connection, Keep-Alive, Transfer-Encoding, Upgrade, Proxy-Connection, TE).
// Cost: one scan of the request head; no allocation once the buffers have grown. The views point
// into the request (values) and into this object (names): valid until the next build().
// nghttp2 copies the fields on submit, so one object serves every request of a session.
#include <string>
#include <string_view>
#include <vector>

#include <nghttp2/nghttp2.h>

namespace ragbench::loadgen {

class h2_request_headers {
 public:
  // Returns false (and error() says why) when `request` is not "METHOD TARGET HTTP/1.x\r\n
  // headers\r\n\r\nbody". `scheme` is "http" or "https".
  bool build(std::string_view request, std::string_view scheme);

  const nghttp2_nv* fields() const { return nv_.data(); }
  std::size_t size() const { return nv_.size(); }
  std::string_view body() const { return body_; }
  // Bytes of the fields (names + values), a stand-in for the request's header size on the wire.
  std::size_t header_bytes() const { return header_bytes_; }
  const std::string& error() const { return error_; }

 private:
  void add(std::string_view name, std::string_view value);

  std::string names_;  // lower-cased names, reserved up front so views stay valid
  std::vector<nghttp2_nv> nv_;
  std::string_view body_;
  std::size_t header_bytes_ = 0;
  std::string error_;
};

}  // namespace ragbench::loadgen
