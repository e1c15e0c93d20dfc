// gzip via zlib's deflate with a gzip wrapper (windowBits 15 + 16).
#include "server/http/gzip_encoder.hpp"

#include <zlib.h>

#include <cctype>

namespace ragbench::server {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// q value of one "coding;q=0.5" element: 0 when q is 0 (or "0.0..."), 1 otherwise.
bool q_nonzero(std::string_view params) {
  while (!params.empty()) {
    std::size_t semi = params.find(';');
    std::string_view p = trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view{} : params.substr(semi + 1);
    if (p.size() >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
      std::string_view v = p.substr(2);
      return v.find_first_not_of("0.") != std::string_view::npos;
    }
  }
  return true;
}

}  // namespace

bool accepts_gzip(std::string_view accept_encoding) {
  bool star = false;
  while (!accept_encoding.empty()) {
    std::size_t comma = accept_encoding.find(',');
    std::string_view item = accept_encoding.substr(0, comma);
    accept_encoding = comma == std::string_view::npos ? std::string_view{} : accept_encoding.substr(comma + 1);
    std::size_t semi = item.find(';');
    std::string_view coding = trim(item.substr(0, semi));
    std::string_view params = semi == std::string_view::npos ? std::string_view{} : item.substr(semi + 1);
    if (iequals(coding, "gzip") || iequals(coding, "x-gzip")) return q_nonzero(params);
    if (coding == "*") star = q_nonzero(params);
  }
  return star;
}

gzip_encoder::gzip_encoder(int level) : level_(level) {}

gzip_encoder::~gzip_encoder() {
  if (stream_ != nullptr) {
    deflateEnd(stream_);
    delete stream_;
  }
}

bool gzip_encoder::compress(std::string_view in, std::string& out) {
  if (stream_ == nullptr) {
    auto* s = new z_stream{};
    if (deflateInit2(s, level_, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
      delete s;
      return false;
    }
    stream_ = s;
  } else if (deflateReset(stream_) != Z_OK) {
    return false;
  }
  out.resize(deflateBound(stream_, static_cast<uLong>(in.size())));
  stream_->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  stream_->avail_in = static_cast<uInt>(in.size());
  stream_->next_out = reinterpret_cast<Bytef*>(out.data());
  stream_->avail_out = static_cast<uInt>(out.size());
  int rc = deflate(stream_, Z_FINISH);
  if (rc != Z_STREAM_END) return false;
  out.resize(stream_->total_out);
  return true;
}

}  // namespace ragbench::server
