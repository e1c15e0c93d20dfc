// text/event-stream framing: line ends, fields, dispatch (WHATWG HTML, "Server-sent events").
#include "loadgen/engine/sse_parser.hpp"

namespace ragbench::loadgen {
namespace {
constexpr char bom[] = "\xEF\xBB\xBF";
}

void sse_parser::reset(std::size_t max_event_bytes) {
  max_event_bytes_ = max_event_bytes;
  partial_.clear();
  data_.clear();
  type_.clear();
  dispatched_ = 0;
  bom_seen_ = 0;
  cr_pending_ = false;
  refused_ = false;
}

// The BOM may itself arrive split; bytes that turn out not to be one are the first line's.
void sse_parser::take_bom(std::string_view& bytes) {
  while (bom_seen_ < 3 && !bytes.empty()) {
    if (bytes.front() == bom[bom_seen_]) {
      ++bom_seen_;
      bytes.remove_prefix(1);
      continue;
    }
    partial_.append(bom, bom_seen_);
    bom_seen_ = 3;
  }
}

bool sse_parser::feed(std::string_view bytes, event_fn on_event, void* context) {
  if (refused_) return false;
  if (bom_seen_ < 3) take_bom(bytes);
  if (cr_pending_ && !bytes.empty()) {
    cr_pending_ = false;
    if (bytes.front() == '\n') bytes.remove_prefix(1);
  }
  const char* p = bytes.data();
  const char* const end = p + bytes.size();
  while (p < end) {
    const char* eol = p;
    while (eol < end && *eol != '\n' && *eol != '\r') ++eol;
    if (eol == end) {  // no line end in the rest: keep it for the next piece
      if (partial_.size() + static_cast<std::size_t>(end - p) > max_event_bytes_) return refused_ = true, false;
      partial_.append(p, static_cast<std::size_t>(end - p));
      return true;
    }
    std::string_view text(p, static_cast<std::size_t>(eol - p));
    if (!partial_.empty()) {
      if (partial_.size() + text.size() > max_event_bytes_) return refused_ = true, false;
      partial_.append(text);
      text = partial_;
    }
    const char* next = eol + 1;
    if (*eol == '\r') {
      if (next == end) cr_pending_ = true;
      else if (*next == '\n') ++next;
    }
    if (!line(text, on_event, context)) return refused_ = true, false;
    partial_.clear();
    p = next;
  }
  return true;
}

bool sse_parser::line(std::string_view text, event_fn on_event, void* context) {
  if (text.empty()) {
    if (data_.empty()) {  // no data field: nothing to dispatch
      type_.clear();
      return true;
    }
    data_.pop_back();  // the LF after the last data value
    ++dispatched_;
    on_event(context, type_.empty() ? std::string_view("message") : std::string_view(type_), data_);
    data_.clear();
    type_.clear();
    return true;
  }
  if (text.front() == ':') return true;  // a comment (keep-alive)
  std::string_view name = text, value;
  if (auto colon = text.find(':'); colon != std::string_view::npos) {
    name = text.substr(0, colon);
    value = text.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }
  if (name == "data") {
    if (data_.size() + value.size() + 1 > max_event_bytes_ + 1) return false;
    data_.append(value).push_back('\n');
  } else if (name == "event") {
    type_.assign(value);
  }
  return true;
}

}  // namespace ragbench::loadgen
