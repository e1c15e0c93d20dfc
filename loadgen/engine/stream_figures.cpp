// Stream figures and the SLO judgement (see stream_figures.hpp for the definitions).
#include "loadgen/engine/stream_figures.hpp"

namespace ragbench::loadgen {

stream_sample stream_figures(const stream_observation& o, stream_time start, stream_time sent_at,
                             stream_time done_at, bool cut) {
  stream_sample s;
  s.headers = o.head_at - start;
  s.events = o.events;
  s.tokens = o.tokens();
  s.from_usage = o.usage_tokens.has_value();
  s.cut = cut;
  if (o.events > 0) {
    s.ttft = o.first_at - start;
    s.ttft_service = o.first_at - sent_at;
    if (s.tokens >= 2) {
      const auto span = o.last_at - o.first_at;
      s.tpot = span / static_cast<std::int64_t>(s.tokens - 1);
      if (span.count() > 0)
        s.tokens_per_s = static_cast<double>(s.tokens - 1) / std::chrono::duration<double>(span).count();
    }
  }
  if (o.ended && !cut) {
    s.e2e = done_at - start;
    s.e2e_service = done_at - sent_at;
  }
  return s;
}

bool meets_slo(const slo_limits& slo, bool ok, const stream_observation& o, const stream_sample* s,
               std::chrono::nanoseconds latency) {
  if (!ok) return false;
  if (slo.needs_stream() && (!o.is_stream || !s)) return false;
  if (slo.ttft && (!s->ttft || *s->ttft > *slo.ttft)) return false;
  if (slo.tpot && s->tpot && *s->tpot > *slo.tpot) return false;
  if (slo.itl && o.max_gap > *slo.itl) return false;
  if (slo.e2e && latency > *slo.e2e) return false;
  return true;
}

}  // namespace ragbench::loadgen
