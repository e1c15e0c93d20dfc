#pragma once
// The page `loadgen run --web ADDR` serves while a run goes: self-contained like report.html (Chart.js and
// assets/live.js inline, the same style), it connects to its own origin with EventSource("/events") and,
// for each event, appends a point to charts of p50/p95/p99, requests and failures per second, users (closed
// model) or the arrival rate (open model) and late/dropped starts per second; shows elapsed / total and
// the running totals; its "Stop run" button sends fetch("/stop", {method: "POST"}); an event with
// "done": true shows "run finished" and closes the stream. Each event's data is one JSON object:
//   {"elapsed_s":12.0,"total_s":60.0,"open_model":false,"users":10,"target_rate":0,"requests":950,
//    "failures":1,"p50_ms":1.2,"p95_ms":3.4,"p99_ms":8.0,"dropped":0,"late":0,"total_requests":11400,
//    "total_failures":3,"done":false}
// requests, failures and the percentiles are those of the last interval (requests / the time since the
// previous event = requests per second); dropped and late are cumulative, total_* running totals.
// The serving side (HTTP, SSE) is not here; this is the page only. Pure, deterministic, ~210 KB.
#include <string>

namespace ragbench::loadgen {

std::string render_live_page();

}  // namespace ragbench::loadgen
