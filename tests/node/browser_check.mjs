// A browser front end on another origin against a running ragserver, in Debian's headless Chromium
// driven by playwright-core (no browser download). This script serves a small page from its own
// origin (a second loopback port), and the page -- plain fetch() from the browser, so every CORS
// rule applies -- registers and logs in, uploads a document, searches, asks /v1/query, opens a
// conversation and renders the streamed answer of a message as its tokens arrive; then the server's
// own /docs page (Swagger UI) is opened and its operations counted. The script checks what the pages
// rendered and saves screenshots. Run by tests/integration/server_frontend_test.cpp:
//   node tests/node/browser_check.mjs http://127.0.0.1:PORT SCREENSHOT.png
// Prints one JSON line with what the page saw; exits 1 with "FAIL: ..." at the first wrong thing.
import http from 'node:http';
import { chromium } from 'playwright-core';

const [api, screenshot] = process.argv.slice(2);
if (!api || !screenshot) {
  console.error('usage: node browser_check.mjs RAGSERVER_URL SCREENSHOT.png');
  process.exit(2);
}

function fail(what, seen) {
  console.error(`FAIL: ${what}${seen === undefined ? '' : ` (got ${JSON.stringify(seen)})`}`);
  process.exit(1);
}

// The front end: one page, no framework. Each step writes its result into the page.
const page_html = `<!doctype html>
<html><head><meta charset="utf-8"><title>ragserver front end</title>
<style>body{font:14px sans-serif;margin:24px;max-width:760px} .step{margin:6px 0} #answer{white-space:pre-wrap;border:1px solid #888;padding:8px;min-height:40px}</style>
</head><body>
<h1>ragserver from another origin</h1>
<div class="step">login: <span id="login">…</span></div>
<div class="step">upload: <span id="upload">…</span></div>
<div class="step">search: <span id="search">…</span></div>
<div class="step">query: <span id="query">…</span></div>
<div class="step">context: <span id="context">…</span></div>
<div class="step">tokens: <span id="tokens">0</span> · status: <span id="status">starting</span></div>
<div id="answer"></div>
<script>
const api = ${JSON.stringify(api)};
const $ = (id) => document.getElementById(id);
let token = '';
async function call(method, path, body) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = 'Bearer ' + token;
  const res = await fetch(api + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(method + ' ' + path + ': HTTP ' + res.status + ' ' + await res.text());
  return res;
}
async function main() {
  const username = 'browser-' + Math.random().toString(36).slice(2, 10);
  await call('POST', '/v1/auth/register', { username, password: 'correct-horse-1' });
  token = (await (await call('POST', '/v1/auth/login', { username, password: 'correct-horse-1' })).json()).token;
  $('login').textContent = 'ok ' + username;
  const up = await (await call('POST', '/v1/documents', { title: 'wal', content:
    'Write-Ahead Logging (WAL) is a standard method for ensuring data integrity. Changes to data files are written ' +
    'only after those changes have been logged, that is, after log records describing the changes have been flushed ' +
    'to permanent storage.' })).json();
  $('upload').textContent = 'document ' + up.id;
  const found = await (await call('POST', '/v1/search', { query: 'write-ahead logging data integrity', k: 3 })).json();
  $('search').textContent = found.results.length + ' results, best ' + found.results[0].document_id;
  const q = await call('POST', '/v1/query', { query: 'How does write-ahead logging keep data safe?' });
  $('query').textContent = 'X-Cache ' + q.headers.get('x-cache') + ', ' + (await q.json()).citations.length + ' citations';
  const conv = await (await call('POST', '/v1/conversations', { title: 'from the browser' })).json();
  const res = await call('POST', '/v1/conversations/' + conv.id + '/messages', { content: 'How does write-ahead logging keep data safe?' });
  $('status').textContent = 'streaming';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '', tokens = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf('\\n\\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = (frame.match(/^event: (.*)$/m) || [])[1];
      const data = JSON.parse((frame.match(/^data: (.*)$/m) || [])[1]);
      if (event === 'context') $('context').textContent = 'turns kept ' + data.turns_kept + ', conversation ' + data.conversation_id;
      if (event === 'token') { $('answer').textContent += data.text; $('tokens').textContent = String(++tokens); }
      if (event === 'done') { $('answer').dataset.expected = data.answer; $('status').textContent = 'done'; }
    }
  }
}
main().catch((e) => { $('status').textContent = 'error: ' + e.message; });
</script></body></html>`;

const site = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(page_html);
});
await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${site.address().port}`;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless=new'] });
let summary;
try {
  const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
  const console_errors = [];
  page.on('console', (m) => { if (m.type() === 'error') console_errors.push(m.text()); });
  await page.goto(origin + '/');
  await page.waitForFunction(() => ['done'].includes(document.getElementById('status').textContent) ||
                                   document.getElementById('status').textContent.startsWith('error'),
                             null, { timeout: 60_000 });
  await page.screenshot({ path: screenshot, fullPage: true });
  // The server's own /docs page: Swagger UI renders every operation of /openapi.json.
  const docs = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  docs.on('console', (m) => { if (m.type() === 'error') console_errors.push('/docs: ' + m.text()); });
  await docs.goto(api + '/docs');
  await docs.waitForSelector('.opblock', { timeout: 30_000 });
  const docs_operations = await docs.locator('.opblock').count();
  await docs.screenshot({ path: screenshot.replace(/\.png$/, '') + '-docs.png' });
  const text = async (id) => page.locator('#' + id).textContent();
  summary = {
    origin,
    status: await text('status'),
    login: await text('login'),
    upload: await text('upload'),
    search: await text('search'),
    query: await text('query'),
    context: await text('context'),
    tokens: Number(await text('tokens')),
    answer: await text('answer'),
    expected: await page.locator('#answer').getAttribute('data-expected'),
    console_errors,
    docs_operations,
  };
} finally {
  await browser.close();
  site.close();
}
if (summary.status !== 'done') fail('the page did not finish', summary);
if (!summary.login.startsWith('ok ')) fail('login', summary.login);
if (!/^document \d+$/.test(summary.upload)) fail('upload', summary.upload);
if (!/^[1-9]\d* results/.test(summary.search)) fail('search', summary.search);
if (!/^X-Cache (miss|lru|redis|semantic), [1-9]/.test(summary.query)) fail('query (X-Cache must be exposed)', summary.query);
if (!/^turns kept 0, conversation \d+$/.test(summary.context)) fail('context event', summary.context);
if (summary.tokens < 2) fail('the answer was not rendered token by token', summary.tokens);
if (!summary.expected || summary.answer !== summary.expected) fail('rendered answer differs from the done event', summary);
console.log(JSON.stringify({ ok: true, ...summary }));
