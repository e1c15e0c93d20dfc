// compare.html's charts, from the data written by loadgen/compare/compare_html.cpp.
(() => {
  const d = rb.data();
  const verdict_color = { worse: '#dc2626', better: '#16a34a', inconclusive: '#ca8a04', same: '#6b7280' };
  const clamp = (v) => Math.max(-100, Math.min(1000, v));
  for (const e of d.endpoints) {
    if (e.baseline.length || e.candidate.length) {
      const cy = rb.curve_axis([e.baseline, e.candidate]);
      rb.chart('curves', e.name + ': ' + d.latency + ' by percentile (ms)', {
        type: 'line',
        data: { datasets: [
          rb.line('baseline', rb.curve_points(e.baseline, cy), '#2563eb', { pointRadius: 1.5 }),
          rb.line('candidate', rb.curve_points(e.candidate, cy), '#dc2626', { pointRadius: 1.5 }),
        ].filter((set) => set.data.length) },
        options: rb.options({ x: rb.nines_axis(rb.curve_max_x([e.baseline, e.candidate])), y: cy.axis },
                            { plugins: { legend: { position: 'bottom' }, tooltip: rb.nines_tooltip } }),
      });
    }
    if (e.intervals.length) {
      const labels = e.intervals.map((i) => i.metric);
      rb.chart('intervals', e.name + ': change, candidate vs baseline (%)', {
        type: 'bar',
        data: { labels, datasets: [
          { label: 'tolerance', data: e.intervals.map((i) => [-i.tolerance, i.tolerance]), backgroundColor: 'rgba(107,114,128,0.18)',
            grouped: false, order: 3, barPercentage: 1.0, categoryPercentage: 1.0 },
          { label: 'interval', data: e.intervals.map((i) => [clamp(i.low), clamp(i.high)]),
            backgroundColor: e.intervals.map((i) => verdict_color[i.verdict] || '#6b7280'), grouped: false, order: 2,
            barPercentage: 0.45 },
          { type: 'line', label: 'estimate', data: e.intervals.map((i) => clamp(i.change)), showLine: false,
            pointRadius: 4, pointBackgroundColor: '#111827', borderColor: '#111827', order: 1 },
        ] },
        options: rb.options({ x: { title: { display: true, text: 'change (%)' } }, y: {} },
                            { indexAxis: 'y', interaction: { mode: 'index', axis: 'y', intersect: false } }),
      });
    }
  }
  rb.done();
})();
