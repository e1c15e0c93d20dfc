// report.html's charts, from the page data written by run_chart_data (loadgen/report/html/run_chart_data.hpp).
(() => {
  const d = rb.data();
  const secs = d.seconds;
  const x_max = d.x_max;
  const eps = d.endpoints;
  // Dots while they can be told apart (a one-second endpoint is a dot, not an invisible line).
  const dots = { pointRadius: secs.length <= 90 ? 2 : 0 };

  // Latency per second: every endpoint together, then each one (when there are several).
  // Endpoints without a measured request (e.g. all in the warm-up) have no latency to draw.
  const measured = eps.filter((e) => e.curve.length);
  const groups = eps.length > 1 ? [Object.assign({}, d.all, { name: 'all endpoints' })].concat(measured) : measured;
  for (const s of groups) {
    rb.chart('latency', s.name + ': p50, p95, p99 per second (ms)', {
      type: 'line',
      data: { datasets: ['p50', 'p95', 'p99'].map((p) => rb.line(p, rb.zip(secs, s[p]), rb.percentile_colors[p], dots)) },
      options: rb.options({ x: rb.time_axis(x_max), y: rb.value_axis('ms') }),
    });
  }

  // Throughput and errors per second, one line per endpoint (and the total when there are several).
  const per_second = (key) => {
    const sets = eps.map((e, i) => rb.line(e.name, rb.zip(secs, e[key]), rb.color(i), dots));
    if (eps.length > 1) sets.unshift(rb.line('all', rb.zip(secs, d.all[key]), '#111827', Object.assign({ borderDash: [5, 3] }, dots)));
    return sets;
  };
  rb.chart('throughput', 'requests per second', {
    type: 'line', data: { datasets: per_second('requests') },
    options: rb.options({ x: rb.time_axis(x_max), y: rb.value_axis('requests/s') }),
  });
  rb.chart('throughput', 'failures per second', {
    type: 'line', data: { datasets: per_second('failures') },
    options: rb.options({ x: rb.time_axis(x_max), y: rb.value_axis('failures/s', { suggestedMax: 1 }) }),
  });

  // The load applied: the open model's starts per second (scheduled, late, dropped) and the virtual
  // users started so far (closed: the spawn ramp; open: the connections the arrivals needed).
  if (d.load) {
    if (d.model === 'open') {
      rb.chart('load', 'starts per second: scheduled, late, dropped', {
        type: 'line',
        data: { datasets: [rb.line('scheduled', rb.zip(secs, d.load.scheduled), '#2563eb', dots),
                           rb.line('late', rb.zip(secs, d.load.late), '#d97706', dots),
                           rb.line('dropped', rb.zip(secs, d.load.dropped), '#dc2626', dots)] },
        options: rb.options({ x: rb.time_axis(x_max), y: rb.value_axis('starts/s') }),
      });
    }
    rb.chart('load', 'virtual users started so far', {
      type: 'line', data: { datasets: [rb.line('users', rb.zip(secs, d.load.users), '#7c3aed', dots)] },
      options: rb.options({ x: rb.time_axis(x_max), y: rb.value_axis('users') }),
    });
  }

  // The whole distribution per endpoint on the nines axis.
  const curves = eps.map((e) => e.curve).concat(eps.length > 1 ? [d.all.curve] : []);
  const cy = rb.curve_axis(curves);
  const curve_sets = eps.map((e, i) => rb.line(e.name, rb.curve_points(e.curve, cy), rb.color(i), { pointRadius: 1.5 }))
    .filter((set) => set.data.length);
  if (eps.length > 1) curve_sets.unshift(rb.line('all', rb.curve_points(d.all.curve, cy), '#111827', { borderDash: [5, 3] }));
  rb.chart('percentiles', 'latency by percentile (ms)', {
    type: 'line', data: { datasets: curve_sets },
    options: rb.options({ x: rb.nines_axis(rb.curve_max_x(curves)), y: cy.axis },
                        { plugins: { legend: { position: 'bottom' }, tooltip: rb.nines_tooltip } }),
  }, true);

  // Status codes and error kinds: stacked bars per endpoint.
  const stacked = (key, color_of) => {
    const names = [...new Set(eps.flatMap((e) => Object.keys(e[key])))].sort();
    return names.map((n, i) => ({ label: n, data: eps.map((e) => e[key][n] || 0), backgroundColor: color_of(n, i) }));
  };
  const status_color = (code, i) => code.startsWith('2') ? ['#16a34a', '#22c55e', '#4ade80'][i % 3]
    : code.startsWith('3') ? '#0891b2' : code.startsWith('4') ? '#ea580c' : code.startsWith('5') ? '#dc2626' : '#6b7280';
  const bars = { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: 'responses' } } };
  rb.chart('status', 'status codes per endpoint', {
    type: 'bar', data: { labels: eps.map((e) => e.name), datasets: stacked('status', status_color) },
    options: rb.options(bars, { interaction: { mode: 'index', intersect: false } }),
  });
  const kinds = stacked('errors', (n, i) => rb.color(i + 1));
  rb.chart('status', 'failures by kind per endpoint' + (kinds.length ? '' : ' (no failures)'), {
    type: 'bar', data: { labels: eps.map((e) => e.name), datasets: kinds },
    options: rb.options(Object.assign({}, bars, { y: Object.assign({}, bars.y, { title: { display: true, text: 'failures' } }) }),
                        { interaction: { mode: 'index', intersect: false } }),
  });

  // Streams: TTFT, ITL and TPOT percentile curves of each streamed endpoint.
  const streamed = eps.filter((e) => e.stream);
  if (streamed.length) {
    for (const [key, label] of [['ttft', 'TTFT'], ['itl', 'ITL'], ['tpot', 'TPOT']]) {
      const cs = streamed.map((e) => e.stream[key]);
      const sy = rb.curve_axis(cs);
      rb.chart('streams', label + ' by percentile (ms)', {
        type: 'line', data: { datasets: streamed.map((e, i) => rb.line(e.name, rb.curve_points(e.stream[key], sy), rb.color(i), { pointRadius: 1.5 }))
          .filter((set) => set.data.length) },
        options: rb.options({ x: rb.nines_axis(rb.curve_max_x(cs)), y: sy.axis },
                            { plugins: { legend: { position: 'bottom' }, tooltip: rb.nines_tooltip } }),
      });
    }
  }

  // The server's own series, each on the client charts' time axis.
  if (d.server) {
    d.server.series.forEach((s, i) => {
      const values = s.points.filter((p) => p[1] !== null);
      rb.chart('server', s.name + (s.unit ? ' (' + s.unit + ')' : '') + (values.length ? '' : ' (no data)'), {
        type: 'line', data: { datasets: values.length ? [rb.line(s.name, rb.points(s.points), rb.color(i), { pointRadius: 1.5 })] : [] },
        options: rb.options({ x: rb.time_axis(x_max), y: rb.value_axis(s.unit) }, { plugins: { legend: { display: false } } }),
      });
    });
  }
  rb.done();
})();
