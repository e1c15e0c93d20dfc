// loadgen's text/event-stream parser (loadgen/engine/sse_parser): the events a stream yields do not
// depend on how its bytes are cut into pieces (the same events, in order, whether fed whole or in the
// pieces the input's first bytes choose), and every event's data stays within the bound. The first
// byte picks the bound (small bounds exercise refusal), the second the piece length.
#include "fuzz_check.hpp"

#include "loadgen/engine/sse_parser.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

struct collected {
  std::vector<std::string> events;  // "type\ndata"
  std::size_t bound = 0;
};

void collect(void* context, std::string_view type, std::string_view data) {
  auto* c = static_cast<collected*>(context);
  FUZZ_CHECK(data.size() <= c->bound, "an event's data passed the bound");
  c->events.push_back(std::string(type) + "\n" + std::string(data));
}

// Feeds `bytes` in pieces of `piece` bytes (0 = whole); returns whether the parser refused the stream.
bool parse(std::string_view bytes, std::size_t piece, std::size_t bound, collected& out) {
  ragbench::loadgen::sse_parser p;
  p.reset(bound);
  out.bound = bound;
  if (piece == 0) return !p.feed(bytes, collect, &out);
  for (std::size_t at = 0; at < bytes.size(); at += piece) {
    if (!p.feed(bytes.substr(at, piece), collect, &out)) return true;
  }
  FUZZ_CHECK(p.dispatched() == out.events.size(), "dispatched() differs from the events delivered");
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::size_t bound = data[0] < 128 ? 1u << 20 : static_cast<std::size_t>(data[0] - 127);
  const std::size_t piece = 1 + data[1] % 17;
  std::string_view bytes(reinterpret_cast<const char*>(data + 2), size - 2);
  collected whole, pieces;
  const bool refused_whole = parse(bytes, 0, bound, whole);
  const bool refused_pieces = parse(bytes, piece, bound, pieces);
  if (!refused_whole && !refused_pieces) {
    FUZZ_CHECK(whole.events == pieces.events, "the events depend on how the stream is cut into pieces");
  } else {
    // A refusal may come at a different point, but never after different events.
    const auto n = std::min(whole.events.size(), pieces.events.size());
    for (std::size_t i = 0; i < n; ++i) FUZZ_CHECK(whole.events[i] == pieces.events[i], "events differ before a refusal");
  }
  return 0;
}
