// Incremental HTTP/1.1 response parsing (status line, the framing headers, fixed/chunked/close bodies).
#include "loadgen/engine/response_parser.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "common/ascii.hpp"

namespace ragbench::loadgen {
namespace {

constexpr std::size_t max_head_bytes = 64 * 1024;
constexpr std::size_t max_chunk_line_bytes = 1024;
constexpr std::size_t max_trailer_line_bytes = 8 * 1024;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool contains_token(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    auto comma = value.find(',');
    if (iequals(trim(value.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

bool is_event_stream(std::string_view content_type) {
  constexpr std::string_view type = "text/event-stream";
  if (content_type.size() < type.size() || !iequals(content_type.substr(0, type.size()), type)) return false;
  const auto rest = content_type.substr(type.size());
  return rest.empty() || rest.front() == ';' || rest.front() == ' ' || rest.front() == '\t';
}

namespace {

// Calls f(name, value) for each header line in the block; stops when f returns false.
template <class F>
void for_each_header(std::string_view block, F&& f) {
  while (!block.empty()) {
    auto eol = block.find("\r\n");
    std::string_view line = block.substr(0, eol);
    auto colon = line.find(':');
    if (colon != std::string_view::npos && !f(line.substr(0, colon), trim(line.substr(colon + 1)))) return;
    if (eol == std::string_view::npos) return;
    block.remove_prefix(eol + 2);
  }
}

}  // namespace

std::string_view http_response::header(std::string_view name) const {
  std::string_view found;
  for_each_header(header_block, [&](std::string_view n, std::string_view v) {
    if (!iequals(n, name)) return true;
    found = v;
    return false;
  });
  return found;
}

void response_parser::reset(bool head_request, body_sink* sink) {
  stage_ = stage::head;
  head_request_ = head_request;
  started_ = false;
  sink_ = sink;
  scan_ = head_start_ = body_start_ = body_left_ = chunk_left_ = consumed_ = reclaimed_ = 0;
  not_http_ = false;
  sink_failure_ = failure_kind::none;
  error_.clear();
  response_ = http_response{};
}

response_parser::result response_parser::fail(const char* why) {
  error_ = why;
  return result::error;
}

bool response_parser::deliver(const char* data, std::size_t n) {
  if (sink_ == nullptr || n == 0) return true;
  sink_failure_ = sink_->on_body(std::string_view(data, n));
  if (sink_failure_ == failure_kind::none) return true;
  error_ = "the body sink refused the body";
  return false;
}

response_parser::result response_parser::finish(std::size_t end) {
  consumed_ = end;
  response_.wire_bytes = reclaimed_ + end;
  stage_ = stage::done;
  if (sink_) sink_->on_end();
  return result::done;
}

response_parser::result response_parser::parse(const char* data, std::size_t size) {
  if (size > 0) started_ = true;
  if (stage_ == stage::done) return result::done;
  const bool fresh_head = stage_ == stage::head;
  while (stage_ == stage::head) {
    auto r = parse_head(data, size);
    if (r != result::done) return r;
    scan_ = body_start_;
    // An interim (1xx) response: the final one follows it (101 Switching Protocols is final here).
    if (response_.status < 200 && response_.status != 101) {
      head_start_ = body_start_;
      stage_ = stage::head;
      response_ = http_response{};
    }
  }
  // Views are rebuilt on every call: the caller's buffer may have moved since the head was parsed.
  std::size_t line_end = std::string_view(data, size).find("\r\n", head_start_);
  std::string_view status_line(data + head_start_, line_end - head_start_);
  response_.reason = status_line.size() > 13 ? status_line.substr(13) : std::string_view{};
  response_.header_block = std::string_view(data + line_end + 2, body_start_ - line_end - 4);
  if (fresh_head && sink_) sink_->on_head(response_);
  switch (stage_) {
    case stage::fixed_body: {
      const std::size_t take = std::min(body_left_, size - scan_);
      if (!deliver(data + scan_, take)) return result::sink_failed;
      scan_ += take;
      body_left_ -= take;
      if (body_left_ > 0) return result::need_more;
      return finish(scan_);
    }
    case stage::until_close:
      if (!deliver(data + scan_, size - scan_)) return result::sink_failed;
      scan_ = size;
      return result::need_more;
    default:
      return parse_chunked(data, size);
  }
}

std::size_t response_parser::reclaim(char* data, std::size_t size) {
  if (stage_ == stage::head || stage_ == stage::done || scan_ == body_start_) return size;
  const std::size_t rest = size - scan_;
  std::memmove(data + body_start_, data + scan_, rest);
  reclaimed_ += scan_ - body_start_;
  scan_ = body_start_;
  return body_start_ + rest;
}

response_parser::result response_parser::on_eof(const char* data, std::size_t size) {
  if (stage_ == stage::until_close) {
    auto r = parse(data, size);  // hands the last bytes to the sink, refreshes the views
    if (r == result::sink_failed) return r;
    response_.keep_alive = false;
    return finish(size);
  }
  return fail(stage_ == stage::head ? "connection closed before the response head"
                                    : "connection closed in the middle of the body");
}

response_parser::result response_parser::parse_head(const char* data, std::size_t size) {
  std::string_view all(data, size);
  // The status line must look like HTTP as soon as we have enough bytes: garbage fails fast.
  constexpr std::string_view prefix = "HTTP/1.";
  if (std::memcmp(data + head_start_, prefix.data(), std::min(size - head_start_, prefix.size())) != 0) {
    not_http_ = head_start_ == 0;
    return fail("not an HTTP/1.x response");
  }
  auto end = all.find("\r\n\r\n", std::max(head_start_, scan_ > 3 ? scan_ - 3 : 0));
  if (end == std::string_view::npos) {
    scan_ = size;
    if (size > max_head_bytes) return fail("response head larger than 64 KiB");
    return result::need_more;
  }
  body_start_ = end + 4;
  auto line_end = all.find("\r\n", head_start_);
  std::string_view status_line = all.substr(head_start_, line_end - head_start_);
  if (status_line.size() < 12 || status_line[8] != ' ') return fail("malformed status line");
  int status = 0;
  auto [p, ec] = std::from_chars(status_line.data() + 9, status_line.data() + 12, status);
  if (ec != std::errc{} || p != status_line.data() + 12 || status < 100 || status > 999)
    return fail("malformed status code");
  if (status_line.size() > 12 && status_line[12] != ' ') return fail("malformed status line");
  response_.status = status;
  bool http10 = status_line[7] == '0';
  response_.keep_alive = !http10;

  bool has_length = false, chunked = false, bad_length = false;
  std::string_view block(data + line_end + 2, end - line_end - 2 + 2);
  for_each_header(block, [&](std::string_view n, std::string_view v) {
    if (n.size() == 14 && iequals(n, "content-length")) {
      std::size_t len = 0;
      auto [q, e] = std::from_chars(v.data(), v.data() + v.size(), len);
      if (e != std::errc{} || q != v.data() + v.size() || v.empty()) bad_length = true;
      body_left_ = len;
      has_length = true;
    } else if (n.size() == 17 && iequals(n, "transfer-encoding")) {
      chunked = contains_token(v, "chunked");
    } else if (n.size() == 12 && iequals(n, "content-type")) {
      response_.event_stream = is_event_stream(v);
    } else if (n.size() == 10 && iequals(n, "connection")) {
      if (contains_token(v, "close")) response_.keep_alive = false;
      else if (contains_token(v, "keep-alive")) response_.keep_alive = true;
    }
    return true;
  });
  if (bad_length) return fail("malformed Content-Length");
  if (head_request_ || status == 204 || status == 304 || status < 200) {
    body_left_ = 0;
    stage_ = stage::fixed_body;
  } else if (chunked) {
    stage_ = stage::chunk_size;
  } else if (has_length) {
    stage_ = stage::fixed_body;
  } else {
    stage_ = stage::until_close;
  }
  return result::done;
}

response_parser::result response_parser::parse_chunked(const char* data, std::size_t size) {
  while (true) {
    std::string_view rest(data + scan_, size - scan_);
    switch (stage_) {
      case stage::chunk_size: {
        auto eol = rest.find("\r\n");
        if (eol == std::string_view::npos)
          return rest.size() > max_chunk_line_bytes ? fail("chunk size line too long") : result::need_more;
        std::string_view line = rest.substr(0, eol);
        line = line.substr(0, line.find(';'));
        line = trim(line);
        std::size_t n = 0;
        auto [q, e] = std::from_chars(line.data(), line.data() + line.size(), n, 16);
        if (line.empty() || e != std::errc{} || q != line.data() + line.size()) return fail("malformed chunk size");
        scan_ += eol + 2;
        chunk_left_ = n;
        stage_ = n == 0 ? stage::trailers : stage::chunk_data;
        break;
      }
      case stage::chunk_data: {
        std::size_t take = std::min(chunk_left_, rest.size());
        if (!deliver(rest.data(), take)) return result::sink_failed;
        scan_ += take;
        chunk_left_ -= take;
        if (chunk_left_ > 0) return result::need_more;
        stage_ = stage::chunk_data_crlf;
        break;
      }
      case stage::chunk_data_crlf:
        if (rest.size() < 2) return result::need_more;
        if (rest[0] != '\r' || rest[1] != '\n') return fail("missing CRLF after chunk data");
        scan_ += 2;
        stage_ = stage::chunk_size;
        break;
      case stage::trailers: {
        auto eol = rest.find("\r\n");
        if (eol == std::string_view::npos)
          return rest.size() > max_trailer_line_bytes ? fail("trailer line too long") : result::need_more;
        scan_ += eol + 2;
        if (eol == 0) return finish(scan_);
        break;
      }
      default:
        return result::done;
    }
  }
}

}  // namespace ragbench::loadgen
