// A minimal live page: the latest event as a table and a stop button. Stands in until the charted
// page of loadgen/report/html (render_live_page) is served here instead.
#include "loadgen/live/live_page.hpp"

namespace ragbench::loadgen {

std::string live_page_html() {
  return R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>loadgen live</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}td{padding:2px 12px}#state{font-weight:bold}</style>
</head><body>
<h1>loadgen live</h1>
<p id="state">connecting…</p>
<table id="figures"></table>
<p><button id="stop">Stop the run</button></p>
<script>
const fields = ["elapsed_s","total_s","users","target_rate","requests","failures","p50_ms","p95_ms","p99_ms",
                "dropped","late","total_requests","total_failures"];
const table = document.getElementById("figures");
const state = document.getElementById("state");
const events = new EventSource("events");
events.onmessage = (m) => {
  const e = JSON.parse(m.data);
  table.innerHTML = fields.map((f) => "<tr><td>" + f + "</td><td>" + e[f] + "</td></tr>").join("");
  state.textContent = e.done ? "the run is over" : "running";
  if (e.done) { events.close(); document.getElementById("stop").disabled = true; }
};
document.getElementById("stop").onclick = async () => {
  const r = await fetch("stop", {method: "POST"});
  state.textContent = r.ok ? "stopping…" : "stop refused: " + r.status;
};
</script>
</body></html>
)";
}

}  // namespace ragbench::loadgen
