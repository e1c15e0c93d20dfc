// Shared by every loadgen HTML page: the page data, chart factories with one look, the time axis and
// the "nines" axis of a percentile curve, and the render status the browser test reads
// (<body data-status="ok" data-charts="N">, or "error: ..." when a script failed).
'use strict';
const rb = (() => {
  const palette = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777',
                   '#4b5563', '#65a30d', '#7c3aed', '#0d9488'];
  const percentile_colors = { p50: '#16a34a', p95: '#ea580c', p99: '#dc2626' };
  const errors = [];
  let charts = 0;
  function set_status() {
    document.body.dataset.charts = String(charts);
    document.body.dataset.status = errors.length ? 'error: ' + errors.join('; ') : 'ok';
  }
  window.addEventListener('error', (e) => { errors.push(e.message || String(e)); set_status(); });
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = '#374151';

  function data() { return JSON.parse(document.getElementById('page-data').textContent); }
  function color(i) { return palette[i % palette.length]; }
  function grid(key) { return document.querySelector('[data-charts="' + key + '"]'); }

  // A titled card with a canvas in the grid `key`; returns the canvas.
  function card(key, title, wide) {
    const box = document.createElement('div');
    box.className = 'card' + (wide ? ' wide' : '');
    const h = document.createElement('h3');
    h.textContent = title;
    const holder = document.createElement('div');
    holder.className = 'canvas-box';
    const canvas = document.createElement('canvas');
    holder.appendChild(canvas);
    box.append(h, holder);
    grid(key).appendChild(box);
    return canvas;
  }

  function options(scales, extra) {
    return Object.assign({
      animation: false, responsive: true, maintainAspectRatio: false, normalized: true,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
      scales,
    }, extra || {});
  }

  function chart(key, title, config, wide) {
    const c = new Chart(card(key, title, wide), config);
    charts++;
    set_status();
    return c;
  }

  function time_axis(x_max) {
    return { type: 'linear', min: 0, max: x_max, title: { display: true, text: 'seconds since the start' },
             ticks: { maxTicksLimit: 13 } };
  }
  function value_axis(title, extra) {
    return Object.assign({ beginAtZero: true, title: { display: !!title, text: title } }, extra || {});
  }
  // x = 1/(1-q) on a log axis: 1 -> "0%", 10 -> "90%", 100 -> "99%", 1000 -> "99.9%" ...
  function nines_label(x) {
    const n = Math.round(Math.log10(x));
    return (100 - 100 / x).toFixed(Math.max(0, n - 2)) + '%';
  }
  function nines_axis(x_max) {
    return { type: 'logarithmic', min: 1, max: Math.pow(10, Math.max(1, Math.ceil(Math.log10(Math.max(x_max, 10))))),
             title: { display: true, text: 'percentile' },
             ticks: { autoSkip: false, maxRotation: 0,
                      callback: (v) => (Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9 ? nines_label(v) : '') } };
  }
  // The latency axis of percentile curves: logarithmic when the curves span more than 50x (a 1 ms
  // endpoint beside an 800 ms one), so every curve keeps its shape; zeros cannot be drawn there (dropped).
  function curve_axis(curves) {
    let lo = Infinity, hi = 0;
    for (const c of curves) for (const p of c) if (p[1] > 0) { lo = Math.min(lo, p[1]); hi = Math.max(hi, p[1]); }
    const log = hi > 0 && hi / lo > 50;
    return { log, axis: log ? { type: 'logarithmic', title: { display: true, text: 'ms (log scale)' } } : value_axis('ms') };
  }
  function curve_points(curve, axis) {
    return curve.filter((p) => !axis.log || p[1] > 0).map((p) => ({ x: p[0], y: p[1] }));
  }
  const nines_tooltip = { callbacks: { title: (items) => items.length ? 'p' + nines_label(items[0].parsed.x) : '' } };
  function curve_max_x(curves) {
    let m = 10;
    for (const c of curves) for (const p of c) m = Math.max(m, p[0]);
    return m;
  }

  function line(label, points, c, extra) {
    return Object.assign({ label, data: points, borderColor: c, backgroundColor: c, pointRadius: 0, borderWidth: 1.6,
                           spanGaps: false }, extra || {});
  }
  function zip(xs, ys) { return xs.map((x, i) => ({ x, y: ys[i] })); }
  function points(pairs) { return pairs.map((p) => ({ x: p[0], y: p[1] })); }
  // Marks the page rendered (call at the end of the page script).
  function done() { set_status(); }

  return { data, color, percentile_colors, chart, options, time_axis, value_axis, nines_axis, nines_tooltip,
           curve_max_x, curve_axis, curve_points, line, zip, points, done, set_status, errors };
})();
