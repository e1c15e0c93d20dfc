#pragma once
// An incremental HTTP/1.1 response parser for the load generator's hot path: no allocation per
// response once its buffers have grown, framing by Content-Length, chunked encoding or close.
// Why not Beast's parser: it allocates one node per header field per response; this one only
// records where the headers are and looks up the few fields it needs.
//
// Bodies are not assembled: each piece of the (de-chunked) body goes to the request's body_sink as
// soon as it is parsed, and reclaim() lets the session reuse the buffer space behind it, so a body of
// any length (an endless chunked stream, Content-Length: 10 GB) passes through a buffer of about
// the head plus one read. Bounds: head 64 KiB, chunk-size line 1 KiB, trailer line 8 KiB.
// Interim responses (1xx but 101) before the final one are skipped: the sink and response() see
// only the final response (its head after theirs, within the same 64 KiB).
#include <cstddef>
#include <string>
#include <string_view>

#include "loadgen/engine/body_sink.hpp"

namespace ragbench::loadgen {

// A parsed response head. Views point into the parser's/session's buffers: valid only until the
// next parse()/reset() of the parser that produced it. The body went to the request's body_sink.
struct http_response {
  int status = 0;
  std::string_view reason;
  std::string_view header_block;  // the header lines after the status line, CRLF separated
  bool keep_alive = true;         // false when the server asked to close (or HTTP/1.0 without keep-alive)
  bool event_stream = false;      // Content-Type is text/event-stream (found while the head is parsed)
  std::size_t wire_bytes = 0;     // bytes of the whole message on the wire

  // Value of the first header named `name` (case-insensitive), trimmed; empty if absent. O(headers).
  std::string_view header(std::string_view name) const;
};

// True for a Content-Type value of text/event-stream (any case, parameters allowed).
bool is_event_stream(std::string_view content_type);

class response_parser {
 public:
  enum class result {
    need_more,    // give more bytes (after reclaim() if the buffer is full)
    done,         // response() is complete; consumed() is where the message ends in the data
    error,        // not a valid response: error_message() says why
    sink_failed,  // the body sink refused the body: sink_failure() is the request's failure
  };

  // Prepares for a new response. `head_request`: the request was HEAD, so there is no body.
  // `sink`: where the body goes (must outlive the response); nullptr = counted and discarded.
  void reset(bool head_request = false, body_sink* sink = nullptr);

  // Parses the bytes of this response held in data[0, size): they start with the response's first
  // byte and its head stays where it is; after the head come the body bytes not yet reclaimed.
  // Between calls `size` only grows (except through reclaim()); `data` may move (a grown buffer).
  // Only the new part is scanned; body bytes go to the sink as they are parsed.
  result parse(const char* data, std::size_t size);

  // After need_more: drops the body bytes already handed to the sink by moving the unparsed rest
  // (at most a partial chunk-size or trailer line) down to just after the head. Returns the new
  // size; the session appends the next read there. Before the head is complete: returns `size`.
  std::size_t reclaim(char* data, std::size_t size);

  // The server closed the connection: completes a close-delimited body. Returns done, error or
  // sink_failed.
  result on_eof(const char* data, std::size_t size);

  const http_response& response() const { return response_; }
  std::size_t consumed() const { return consumed_; }
  const std::string& error_message() const { return error_; }
  failure_kind sink_failure() const { return sink_failure_; }
  // True once any byte of a response has been seen (used to decide whether a retry is safe).
  bool started() const { return started_; }
  // After error: the very first bytes were not "HTTP/1." — not an answer at all (e.g. the rest of an
  // earlier response on the connection), as opposed to a malformed one.
  bool not_http() const { return not_http_; }

 private:
  enum class stage { head, fixed_body, chunk_size, chunk_data, chunk_data_crlf, trailers, until_close, done };
  result fail(const char* why);
  result parse_head(const char* data, std::size_t size);
  result parse_chunked(const char* data, std::size_t size);
  bool deliver(const char* data, std::size_t n);
  result finish(std::size_t end);

  stage stage_ = stage::head;
  bool head_request_ = false;
  bool started_ = false;
  bool not_http_ = false;
  body_sink* sink_ = nullptr;
  std::size_t scan_ = 0;        // where to continue: in the head, or the next unparsed body byte
  std::size_t head_start_ = 0;  // offset of the final response's status line (after interim responses)
  std::size_t body_start_ = 0;  // offset of the body in the data (the end of the head)
  std::size_t body_left_ = 0;   // fixed_body: bytes still to come
  std::size_t chunk_left_ = 0;
  std::size_t consumed_ = 0;
  std::size_t reclaimed_ = 0;   // body bytes dropped by reclaim() (for wire_bytes)
  failure_kind sink_failure_ = failure_kind::none;
  std::string error_;
  http_response response_;
};

}  // namespace ragbench::loadgen
