// loadgen's HTML pages in Debian's headless Chromium (driven by playwright-core, no browser download),
// with the network off: each page file is opened from disk, and any request other than file: and data:
// is refused and fails the check (so is any host-name lookup: --host-resolver-rules). A page passes when
// its script reports <body data-status="ok">, the console shows no error (a Content-Security-Policy
// violation is one), every chart drew something (pixels on every canvas, at least one point in every
// dataset; a chart without any dataset says "(no data)" or "(no failures)") and there are at least MIN
// charts. The live page is served from a loopback port here, with scripted /events (server-sent events
// in the shape loadgen's --web sends) and /stop: it must draw a point per event, send POST /stop when
// "Stop run" is clicked and show "run finished" on the last event. With --live-url, the page of a real
// `loadgen run --web` is opened: once points arrive, "Stop run" must be accepted and the page must end
// with "run finished" (the caller checks that the run stopped).
// Usage: node html_reports_check.mjs SHOT_DIR [--live LIVE.html] [--live-url URL] [FILE.html:MIN ...]
// Prints one JSON line per page; exits 1 with "FAIL: ..." at the first wrong thing. Screenshots of every
// page go to SHOT_DIR (NAME.png, the whole page, and NAME-top.png, its first 1600 px).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const argv = process.argv.slice(2);
const shots = argv.shift();
let live = null, live_url = null;
const pages = [];
while (argv.length) {
  const a = argv.shift();
  if (a === '--live') live = argv.shift();
  else if (a === '--live-url') live_url = argv.shift();
  else {
    const at = a.lastIndexOf(':');
    pages.push({ file: a.slice(0, at), min: Number(a.slice(at + 1)) });
  }
}
if (!shots || pages.some((p) => !p.file || !(p.min >= 0))) {
  console.error('usage: node html_reports_check.mjs SHOT_DIR [--live LIVE.html] [--live-url URL] [FILE.html:MIN_CHARTS ...]');
  process.exit(2);
}
fs.mkdirSync(shots, { recursive: true });

function fail(what, seen) {
  console.error(`FAIL: ${what}${seen === undefined ? '' : ` (got ${JSON.stringify(seen)})`}`);
  process.exit(1);
}

// What every chart drew: painted pixels of its canvas and the points of each dataset.
async function charts_of(page) {
  return page.evaluate(() => Object.values(Chart.instances).map((c) => {
    const canvas = c.canvas;
    const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) painted++;
    const title = canvas.closest('.card').querySelector('h3').textContent;
    const points = c.data.datasets.map((d) => d.data.filter((v) => v !== null && v !== undefined &&
                                                         !(typeof v === 'object' && !Array.isArray(v) && v.y === null)).length);
    return { title, painted, points };
  }));
}

function check_charts(name, charts, min) {
  if (charts.length < min) fail(`${name}: ${charts.length} charts, expected at least ${min}`, charts.map((c) => c.title));
  for (const c of charts) {
    if (c.painted < 1000) fail(`${name}: chart "${c.title}" is (nearly) blank`, c.painted);
    // A chart without datasets must say so in its title ("(no failures)", "(no data)").
    if (c.points.length === 0 && !/\((no failures|no data)\)$/.test(c.title)) fail(`${name}: chart "${c.title}" has no data`);
    if (c.points.some((n) => n === 0)) fail(`${name}: chart "${c.title}" has an empty dataset`, c.points);
  }
}

async function watch(page, name, allowed) {
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:') || (allowed && url.startsWith(allowed))) return route.continue();
    problems.push(`network request refused: ${url}`);
    return route.abort();
  });
  return problems;
}

async function shoot(page, name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  await page.screenshot({ path: path.join(shots, `${name}-top.png`), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1600 } });
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless=new', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1', '--disable-background-networking'],
});
try {
  for (const { file, min } of pages) {
    const name = path.basename(file, '.html');
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = await watch(page, name, null);
    await page.goto(pathToFileURL(path.resolve(file)).href);
    await page.waitForFunction(() => document.body.dataset.status !== 'loading', null, { timeout: 30_000 });
    const status = await page.evaluate(() => document.body.dataset.status);
    const charts = await charts_of(page);
    await shoot(page, name);
    console.log(JSON.stringify({ page: name, status, charts: charts.length, titles: charts.map((c) => c.title) }));
    if (status !== 'ok') fail(`${name}: the page script reported`, status);
    if (problems.length) fail(`${name}: ${problems.length} problems`, problems);
    check_charts(name, charts, min);
    await page.close();
  }

  if (live) {
    const html = fs.readFileSync(live);
    let stops = 0;
    const events = 12;
    const server = http.createServer((req, res) => {
      if (req.method === 'GET' && req.url === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(html);
      } else if (req.method === 'GET' && req.url === '/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        let n = 0, total_requests = 0, total_failures = 0;
        const timer = setInterval(() => {
          n++;
          const requests = 900 + 10 * n, failures = n % 4 === 0 ? 1 : 0;
          total_requests += requests;
          total_failures += failures;
          const e = { elapsed_s: n, total_s: events, open_model: false, users: Math.min(10, 2 * n), target_rate: 0,
                      requests, failures, p50_ms: 1 + n / 10, p95_ms: 3 + n / 5, p99_ms: 8 + n / 2, dropped: 0, late: 0,
                      total_requests, total_failures, done: n === events };
          res.write(`data: ${JSON.stringify(e)}\n\n`);
          if (n === events) { clearInterval(timer); res.end(); }
        }, 400);
        req.on('close', () => clearInterval(timer));
      } else if (req.method === 'POST' && req.url === '/stop') {
        stops++;
        res.writeHead(202, { 'content-type': 'text/plain' });
        res.end('stopping\n');
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${server.address().port}`;
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const problems = await watch(page, 'live', origin + '/');
      await page.goto(origin + '/');
      await page.waitForFunction(() => document.body.dataset.status === 'ok' && Object.values(Chart.instances).length >= 4 &&
                                       Object.values(Chart.instances)[0].data.datasets[0].data.length >= 2, null, { timeout: 30_000 });
      await page.click('#stop');
      await page.waitForFunction(() => document.getElementById('stop-state').textContent.startsWith('stop requested'),
                                 null, { timeout: 10_000 });
      await page.waitForFunction(() => document.getElementById('state').textContent === 'run finished', null, { timeout: 30_000 });
      const charts = await charts_of(page);
      const seen = await page.evaluate(() => ({
        elapsed: document.getElementById('elapsed').textContent,
        total: document.getElementById('total-requests').textContent,
        finished: !document.getElementById('finished').hidden,
        stop_disabled: document.getElementById('stop').disabled,
      }));
      await shoot(page, 'live');
      console.log(JSON.stringify({ page: 'live', stops, charts: charts.map((c) => [c.title, c.points]), seen }));
      if (problems.length) fail(`live: ${problems.length} problems`, problems);
      if (stops !== 1) fail('live: "Stop run" did not send one POST /stop', stops);
      check_charts('live', charts, 4);
      for (const c of charts) if (c.points.some((n) => n !== events)) fail(`live: "${c.title}" has not one point per event`, c.points);
      if (seen.elapsed !== `${events} s / ${events} s`) fail('live: elapsed / total', seen.elapsed);
      const expected_total = Array.from({ length: events }, (_, i) => 900 + 10 * (i + 1)).reduce((a, b) => a + b, 0);
      if (seen.total !== String(expected_total)) fail('live: running total', seen.total);
      if (!seen.finished || !seen.stop_disabled) fail('live: the finished state', seen);
    } finally {
      server.close();
    }
  }

  if (live_url) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = await watch(page, 'live-run', new URL(live_url).origin + '/');
    await page.goto(live_url);
    await page.waitForFunction(() => document.body.dataset.status === 'ok' && Object.values(Chart.instances).length >= 4 &&
                                     Object.values(Chart.instances)[0].data.datasets[0].data.length >= 2, null, { timeout: 30_000 });
    await page.click('#stop');
    await page.waitForFunction(() => document.getElementById('stop-state').textContent.startsWith('stop requested'),
                               null, { timeout: 10_000 });
    await page.waitForFunction(() => document.getElementById('state').textContent === 'run finished', null, { timeout: 60_000 });
    const charts = await charts_of(page);
    const total = await page.evaluate(() => document.getElementById('total-requests').textContent);
    await shoot(page, 'live-run');
    console.log(JSON.stringify({ page: 'live-run', charts: charts.map((c) => [c.title, c.points]), total }));
    if (problems.length) fail(`live-run: ${problems.length} problems`, problems);
    check_charts('live-run', charts, 4);
    if (!(Number(total) > 0)) fail('live-run: no requests counted', total);
  }
} finally {
  await browser.close();
}
