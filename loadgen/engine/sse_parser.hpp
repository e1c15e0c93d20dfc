#pragma once
// An incremental text/event-stream parser (the WHATWG HTML "event stream interpretation" rules),
// fed the body bytes as they arrive, in pieces of any size:
//   - a UTF-8 byte order mark at the very start of the stream is dropped;
//   - lines end in CRLF, LF or CR (a CR at the end of one piece and an LF at the start of the next
//     are one line end);
//   - an empty line dispatches the event being built, unless no `data` field was seen (then the
//     event is dropped, as a browser drops it); its type is the last `event` field, else "message";
//     its data is the `data` values joined by LF;
//   - a line starting with ':' is a comment; "name:value" loses one space after the colon; a line
//     without a colon is a field with an empty value; `id`, `retry` and unknown fields are ignored
//     (a load generator does not reconnect);
//   - at the end of the stream an event without its blank line is not dispatched.
// Memory: a partial line (one spanning pieces) and the data of the event being built, each bounded
// by the limit; nothing else grows. Buffers keep their capacity across events and streams.
// Cost: one scan of each byte for a line end; lines inside one piece are not copied.
// Not thread-safe: one parser per stream at a time (a virtual user's).
#include <cstddef>
#include <string>
#include <string_view>

namespace ragbench::loadgen {

class sse_parser {
 public:
  // Called once per dispatched event: `type` ("message" when no event field) and `data` are valid
  // only during the call.
  using event_fn = void (*)(void* context, std::string_view type, std::string_view data);

  explicit sse_parser(std::size_t max_event_bytes = 1u << 20) : max_event_bytes_(max_event_bytes) {}

  // Starts a new stream (drops any partial line or event) with this bound on a line and on one
  // event's data (bytes).
  void reset(std::size_t max_event_bytes);

  // Parses the next bytes of the stream, calling on_event(context, ...) for each event completed by
  // them. Returns false when a line or an event's data passed the bound: the stream is refused and
  // nothing more is parsed until reset().
  bool feed(std::string_view bytes, event_fn on_event, void* context);

  // Events dispatched since reset().
  std::size_t dispatched() const { return dispatched_; }

 private:
  bool line(std::string_view text, event_fn on_event, void* context);
  void take_bom(std::string_view& bytes);

  std::size_t max_event_bytes_;
  std::string partial_;  // a line whose end has not arrived yet
  std::string data_;     // the event's data fields, each followed by LF (WHATWG's "data buffer")
  std::string type_;     // the last event field's value
  std::size_t dispatched_ = 0;
  unsigned bom_seen_ = 0;     // bytes of a leading BOM matched so far (3 = decided)
  bool cr_pending_ = false;   // the previous piece ended in CR: an LF first in the next one is its pair
  bool refused_ = false;
};

}  // namespace ragbench::loadgen
