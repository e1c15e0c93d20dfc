// capacity.html's charts, from the data written by loadgen/experiment/capacity_html.cpp.
(() => {
  const d = rb.data();
  const status_color = (s) => (s === 'pass' ? '#16a34a' : '#dc2626');
  d.runs.forEach((run, r) => {
    const steps = run.steps;
    const sets = ['p50', 'p95', 'p99'].map((p) =>
      rb.line(p, steps.map((s) => ({ x: s.achieved, y: s[p] })), rb.percentile_colors[p], { pointRadius: 3 }));
    if (run.knee) {
      sets.push({ type: 'scatter', label: 'knee (' + run.knee.rate + '/s offered)', data: [{ x: run.knee.achieved, y: run.knee.p99 }],
                  pointRadius: 8, pointStyle: 'crossRot', borderColor: '#111827', borderWidth: 2, backgroundColor: '#111827' });
    }
    rb.chart('steps', run.label + ': latency against achieved throughput', {
      type: 'line', data: { datasets: sets },
      options: rb.options({ x: { type: 'linear', title: { display: true, text: 'achieved requests/s' } }, y: rb.value_axis('ms') },
                          { interaction: { mode: 'nearest', intersect: false } }),
    });
    const max_rate = Math.max(1, ...steps.map((s) => Math.max(s.rate, s.achieved)));
    rb.chart('steps', run.label + ': achieved against offered', {
      type: 'line', data: { datasets: [
        rb.line('offered = achieved', [{ x: 0, y: 0 }, { x: max_rate, y: max_rate }], '#9ca3af', { borderDash: [4, 4] }),
        rb.line('achieved requests/s', steps.map((s) => ({ x: s.rate, y: s.achieved })), rb.color(r), {
          pointRadius: 4, pointBackgroundColor: steps.map((s) => status_color(s.status)) }),
      ] },
      options: rb.options({ x: { type: 'linear', min: 0, title: { display: true, text: 'offered iterations/s' } },
                            y: rb.value_axis('achieved requests/s') }, { interaction: { mode: 'nearest', intersect: false } }),
    });
  });
  if (d.usl) {
    const sets = [
      rb.line('USL fit', rb.points(d.usl.curve), '#2563eb'),
      { type: 'scatter', label: 'measured', data: rb.points(d.usl.points), pointRadius: 5, backgroundColor: '#dc2626' },
    ];
    if (d.usl.peak) sets.push({ type: 'scatter', label: 'peak N*', data: [{ x: d.usl.peak[0], y: d.usl.peak[1] }],
                                pointRadius: 8, pointStyle: 'triangle', backgroundColor: '#111827' });
    rb.chart('usl', 'throughput against server threads', {
      type: 'line', data: { datasets: sets },
      options: rb.options({ x: { type: 'linear', min: 0, title: { display: true, text: 'threads (N)' } },
                            y: rb.value_axis('requests/s') }, { interaction: { mode: 'nearest', intersect: false } }),
    }, true);
  }
  rb.done();
})();
