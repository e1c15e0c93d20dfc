// Stream statistics: exact merge and the JSON form kept in histograms.json.
#include "loadgen/stats/stream_stats.hpp"

#include <string>

#include <nlohmann/json.hpp>

#include "loadgen/stats/json_checks.hpp"

namespace ragbench::loadgen {
namespace {

// The histograms by their JSON names, for to_json/from_json/merge alike.
template <class S, class F>
void each_histogram(S& s, F&& f) {
  f("headers", s.headers);
  f("ttft", s.ttft);
  f("ttft_service", s.ttft_service);
  f("itl", s.itl);
  f("tpot", s.tpot);
  f("e2e", s.e2e);
  f("e2e_service", s.e2e_service);
  f("rate", s.rate);
}

}  // namespace

void stream_stats::merge(const stream_stats& o) {
  streams += o.streams;
  cut += o.cut;
  events += o.events;
  tokens += o.tokens;
  usage_streams += o.usage_streams;
  headers.add(o.headers);
  ttft.add(o.ttft);
  ttft_service.add(o.ttft_service);
  itl.add(o.itl);
  tpot.add(o.tpot);
  e2e.add(o.e2e);
  e2e_service.add(o.e2e_service);
  rate.add(o.rate);
}

nlohmann::json stream_stats::to_json() const {
  nlohmann::json j = {{"streams", streams}, {"cut", cut}, {"events", events}, {"tokens", tokens},
                      {"usage_streams", usage_streams}};
  each_histogram(*this, [&](const char* name, const hdr_histogram& h) { j[name] = h.to_json(); });
  return j;
}

stream_stats stream_stats::from_json(const nlohmann::json& j, std::string_view where) {
  using namespace json_checks;
  stream_stats s;
  const std::string at = std::string(where) + " stream";
  s.streams = get_u64(j, "streams", at);
  s.cut = get_u64(j, "cut", at);
  s.events = get_u64(j, "events", at);
  s.tokens = get_u64(j, "tokens", at);
  s.usage_streams = get_u64(j, "usage_streams", at);
  if (s.cut > s.streams) fail(at, "more cut streams than streams");
  if (s.usage_streams > s.streams) fail(at, "more usage_streams than streams");
  each_histogram(s, [&](const char* name, hdr_histogram& h) {
    h = hdr_histogram::from_json(member(j, name, at), at + " " + name);
  });
  if (s.ttft.count() > s.streams) fail(at, "more TTFT samples than streams");
  if (s.ttft.count() != s.ttft_service.count()) fail(at, "ttft and ttft_service counts differ");
  if (s.e2e.count() != s.e2e_service.count()) fail(at, "e2e and e2e_service counts differ");
  if (s.e2e.count() > s.streams - s.cut) fail(at, "more e2e samples than complete streams");
  return s;
}

}  // namespace ragbench::loadgen
