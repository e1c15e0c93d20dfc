// The live page: one EventSource on /events, a point per event on each chart, a Stop button (POST /stop).
// Event shape: loadgen/report/html/live_page.hpp.
(() => {
  const $ = (id) => document.getElementById(id);
  const fmt = (v, digits) => (typeof v === 'number' && isFinite(v) ? v.toFixed(digits) : '-');
  const axis = () => ({ type: 'linear', min: 0, title: { display: true, text: 'seconds since the start' } });
  const make = (key, title, sets, y) => rb.chart(key, title, {
    type: 'line', data: { datasets: sets }, options: rb.options({ x: axis(), y: rb.value_axis(y) }),
  });
  const latency = make('live-latency', 'p50, p95, p99 per second (ms)',
    ['p50', 'p95', 'p99'].map((p) => rb.line(p, [], rb.percentile_colors[p], { pointRadius: 1.5 })), 'ms');
  const throughput = make('live-throughput', 'requests and failures per second',
    [rb.line('requests/s', [], rb.color(0), { pointRadius: 1.5 }), rb.line('failures/s', [], rb.color(1), { pointRadius: 1.5 })], 'per second');
  const load = make('live-load', 'users', [rb.line('users', [], rb.color(3), { pointRadius: 1.5 })], '');
  const starts = make('live-load', 'late and dropped starts per second',
    [rb.line('late/s', [], rb.color(4), { pointRadius: 1.5 }), rb.line('dropped/s', [], rb.color(7), { pointRadius: 1.5 })], 'per second');
  const all = [latency, throughput, load, starts];
  let previous = { elapsed_s: 0, late: 0, dropped: 0 };
  let open_model = null;

  function on_event(e) {
    if (open_model === null) {
      open_model = !!e.open_model;
      const name = open_model ? 'arrival rate (iterations/s)' : 'users';
      load.data.datasets[0].label = name;
      load.canvas.parentNode.parentNode.querySelector('h3').textContent = name;
      $('load-label').textContent = open_model ? 'target rate /s' : 'users';
      $('meta').textContent = (open_model ? 'open model' : 'closed model') + ', planned ' + fmt(e.total_s, 0) + ' s';
      for (const c of all) c.options.scales.x.max = Math.max(1, Math.ceil(e.total_s || 0));
    }
    // The final event counts what ended after the last tick (the drain, or what a stop cut): its
    // elapsed_s is when the load stopped, which may be before that tick. It is drawn at the later of the
    // two, with no per-second rate when its interval is short, and its target_rate (0) is not drawn.
    const raw = e.elapsed_s - previous.elapsed_s;
    const x = Math.max(e.elapsed_s, previous.elapsed_s);
    const dt = raw > 0 ? raw : 1;
    const rated = !e.done || raw >= 0.5;
    for (const [i, p] of ['p50_ms', 'p95_ms', 'p99_ms'].entries()) latency.data.datasets[i].data.push({ x, y: e.requests ? e[p] : null });
    throughput.data.datasets[0].data.push({ x, y: rated ? e.requests / dt : null });
    throughput.data.datasets[1].data.push({ x, y: rated ? e.failures / dt : null });
    if (!e.done || !open_model) load.data.datasets[0].data.push({ x, y: open_model ? e.target_rate : e.users });
    starts.data.datasets[0].data.push({ x, y: rated ? Math.max(0, e.late - previous.late) / dt : null });
    starts.data.datasets[1].data.push({ x, y: rated ? Math.max(0, e.dropped - previous.dropped) / dt : null });
    for (const c of all) {
      if (x > c.options.scales.x.max) c.options.scales.x.max = Math.ceil(x);
      c.update('none');
    }
    $('progress').value = e.total_s > 0 ? Math.min(1, x / e.total_s) : 0;
    $('elapsed').textContent = fmt(x, 0) + ' s / ' + fmt(e.total_s, 0) + ' s';
    $('total-requests').textContent = String(e.total_requests);
    $('total-failures').textContent = String(e.total_failures);
    $('error-rate').textContent = e.total_requests ? fmt(100 * e.total_failures / e.total_requests, 2) + ' %' : '-';
    if (rated) $('rps').textContent = fmt(e.requests / dt, 1);
    for (const p of ['p50', 'p95', 'p99']) $(p).textContent = e.requests ? fmt(e[p + '_ms'], 2) : '-';
    if (!e.done || !open_model) $('load').textContent = open_model ? fmt(e.target_rate, 1) : String(e.users);
    previous = Object.assign({}, e, { elapsed_s: x });
    if (e.done) finish();
  }

  const source = new EventSource('/events');
  function finish() {
    source.close();
    $('state').textContent = 'run finished';
    $('state').className = 'badge good';
    $('finished').hidden = false;
    $('stop').disabled = true;
    document.body.dataset.finished = 'true';
  }
  source.onopen = () => { if (!document.body.dataset.finished) { $('state').textContent = 'running'; $('state').className = 'badge neutral'; } };
  source.onmessage = (m) => on_event(JSON.parse(m.data));
  source.onerror = () => { if (!document.body.dataset.finished) $('state').textContent = 'connection lost, retrying'; };
  $('stop').addEventListener('click', () => {
    $('stop').disabled = true;
    $('stop-state').textContent = 'stopping...';
    fetch('/stop', { method: 'POST' })
      .then((r) => { $('stop-state').textContent = r.ok ? 'stop requested: the run ends and writes its reports' : 'stop failed: HTTP ' + r.status; })
      .catch((err) => { $('stop-state').textContent = 'stop failed: ' + err.message; $('stop').disabled = false; });
  });
  rb.done();
})();
