#pragma once
// An incremental HTTP/1.1 response parser for the load generator's hot path: no allocation per
// response once its buffers have grown, framing by Content-Length, chunked encoding or close.
// Why not Beast's parser: it allocates one node per header field per response; this one only
// records where the headers are and looks up the few fields it needs.
#include <cstddef>
#include <string>
#include <string_view>

namespace ragbench::loadgen {

// A parsed response. Views point into the parser's/session's buffers: valid only until the next
// parse()/reset() of the parser that produced it.
struct http_response {
  int status = 0;
  std::string_view reason;
  std::string_view header_block;  // the header lines after the status line, CRLF separated
  std::string_view body;          // de-chunked body
  bool keep_alive = true;         // false when the server asked to close (or HTTP/1.0 without keep-alive)
  std::size_t wire_bytes = 0;     // bytes of the whole message on the wire

  // Value of the first header named `name` (case-insensitive), trimmed; empty if absent. O(headers).
  std::string_view header(std::string_view name) const;
};

class response_parser {
 public:
  enum class result { need_more, done, error };

  // Prepares for a new response. `head_request`: the request was HEAD, so there is no body.
  void reset(bool head_request = false);

  // Parses the bytes received so far for this response: data[0, size) (the same prefix grows
  // between calls; only the new part is scanned). On `done`, response() is complete and
  // consumed() is the message length (bytes beyond it belong to the next response).
  result parse(const char* data, std::size_t size);

  // The server closed the connection: completes a close-delimited body. Returns done or error.
  result on_eof(const char* data, std::size_t size);

  const http_response& response() const { return response_; }
  std::size_t consumed() const { return consumed_; }
  const std::string& error_message() const { return error_; }
  // True once any byte of a response has been seen (used to decide whether a retry is safe).
  bool started() const { return started_; }

 private:
  enum class stage { head, fixed_body, chunk_size, chunk_data, chunk_data_crlf, trailers, until_close, done };
  result fail(const char* why);
  result parse_head(const char* data, std::size_t size);
  result parse_chunked(const char* data, std::size_t size);

  stage stage_ = stage::head;
  bool head_request_ = false;
  bool started_ = false;
  std::size_t scan_ = 0;        // where to continue scanning
  std::size_t body_start_ = 0;  // offset of the body in the data
  std::size_t content_length_ = 0;
  std::size_t chunk_left_ = 0;
  std::size_t consumed_ = 0;
  std::string chunked_body_;    // de-chunked body (capacity reused)
  std::string error_;
  http_response response_;
};

}  // namespace ragbench::loadgen
