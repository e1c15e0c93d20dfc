#pragma once
// gzip compression (zlib) for response bodies, and Accept-Encoding negotiation.
#include <string>
#include <string_view>

struct z_stream_s;

namespace ragbench::server {

// True when an Accept-Encoding value allows gzip: "gzip" or "*" listed with q > 0
// ("gzip, deflate", "br;q=1.0, gzip;q=0.8"); "gzip;q=0" refuses it. Cost: O(n), no allocation.
bool accepts_gzip(std::string_view accept_encoding);

// Reusable gzip compressor. Keeps one zlib stream (about 256 KiB) and resets it per body, so
// compressing many bodies costs no zlib set-up. Not thread-safe: one per I/O thread.
class gzip_encoder {
 public:
  explicit gzip_encoder(int level = 6);
  ~gzip_encoder();
  gzip_encoder(const gzip_encoder&) = delete;
  gzip_encoder& operator=(const gzip_encoder&) = delete;

  // Replaces `out` with the gzip member (RFC 1952) of `in`. Returns false (out unspecified)
  // only if zlib fails, e.g. out of memory.
  bool compress(std::string_view in, std::string& out);

 private:
  z_stream_s* stream_ = nullptr;  // created on first use
  int level_;
};

}  // namespace ragbench::server
