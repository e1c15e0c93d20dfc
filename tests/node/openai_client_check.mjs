// The official `openai` npm client (tests/node/package.json pins it) against a running ragserver:
// models.list / models.retrieve, a plain and a streamed chat completion (stream_options
// include_usage), the SDK's chat.completions.stream() helper that rebuilds the completion from
// the chunks, max_tokens -> finish_reason "length", and errors surfacing as APIError with
// OpenAI's status, type, code and param. Run by tests/integration/server_openai_client_test.cpp:
//   node tests/node/openai_client_check.mjs http://127.0.0.1:PORT/v1 [MODEL]
// Prints one JSON line with what it saw; exits 1 with "FAIL: ..." at the first wrong thing.
import OpenAI from 'openai';

const [baseURL, model = 'ragserver-sim'] = process.argv.slice(2);
if (!baseURL) {
  console.error('usage: node openai_client_check.mjs BASE_URL [MODEL]');
  process.exit(2);
}

function check(condition, what, seen) {
  if (!condition) {
    console.error(`FAIL: ${what}${seen === undefined ? '' : ` (got ${JSON.stringify(seen)})`}`);
    process.exit(1);
  }
}

const words = (text) => text.split(/\s+/).filter((w) => w.length > 0).length;

const client = new OpenAI({ baseURL, apiKey: 'x', maxRetries: 0, timeout: 60_000 });
const messages = [
  { role: 'system', content: 'Answer from the indexed documents and cite them.' },
  { role: 'user', content: 'How does write-ahead logging keep data safe?' },
];

// Models
const listed = [];
for await (const m of client.models.list()) listed.push(m);
check(listed.length === 1 && listed[0].id === model && listed[0].object === 'model', 'models.list', listed);
const retrieved = await client.models.retrieve(model);
check(retrieved.id === model, 'models.retrieve', retrieved);

// Plain completion
const plain = await client.chat.completions.create({ model, messages, temperature: 0.7 });
check(plain.object === 'chat.completion', 'object', plain.object);
check(plain.id.startsWith('chatcmpl-'), 'id', plain.id);
check(plain.model === model, 'model', plain.model);
const content = plain.choices[0].message.content;
check(plain.choices.length === 1 && plain.choices[0].message.role === 'assistant', 'choice', plain.choices);
check(typeof content === 'string' && /\[chunk:\d+\]/.test(content), 'content cites a chunk', content);
check(plain.choices[0].finish_reason === 'stop', 'finish_reason', plain.choices[0].finish_reason);
const u = plain.usage;
check(u.completion_tokens === words(content), 'completion_tokens = tokens of the content', u);
check(u.prompt_tokens >= words(messages.map((m) => m.content).join(' ')), 'prompt_tokens cover the messages', u);
check(u.total_tokens === u.prompt_tokens + u.completion_tokens, 'total_tokens', u);

// Streamed completion, iterated chunk by chunk
const stream = await client.chat.completions.create({
  model, messages, stream: true, stream_options: { include_usage: true },
});
let streamed = '', chunks = 0, contentChunks = 0, finish = null, usage = null, roleFirst = false, ids = new Set();
for await (const chunk of stream) {
  check(chunk.object === 'chat.completion.chunk', 'chunk object', chunk.object);
  ids.add(chunk.id);
  if (chunks === 0) roleFirst = chunk.choices[0]?.delta?.role === 'assistant';
  chunks += 1;
  if (chunk.usage) {
    check(chunk.choices.length === 0, 'the usage chunk has no choices', chunk.choices);
    usage = chunk.usage;
  }
  for (const c of chunk.choices) {
    check(usage === null, 'usage comes last', chunk);
    if (c.delta?.content) {
      streamed += c.delta.content;
      contentChunks += 1;
    }
    if (c.finish_reason) finish = c.finish_reason;
  }
}
check(roleFirst, 'the first chunk carries the role');
check(ids.size === 1, 'one id for every chunk', [...ids]);
check(streamed === content, 'streamed content = plain content', { streamed, content });
check(finish === 'stop', 'streamed finish_reason', finish);
check(usage !== null && usage.completion_tokens === u.completion_tokens && usage.prompt_tokens === u.prompt_tokens,
      'streamed usage = plain usage', usage);

// The SDK's own accumulator rebuilds the same completion from the chunks
const runner = client.chat.completions.stream({ model, messages, stream_options: { include_usage: true } });
let deltas = '';
runner.on('content', (delta) => { deltas += delta; });
const final = await runner.finalChatCompletion();
check(final.choices[0].message.content === content, 'finalChatCompletion content', final.choices[0].message.content);
check(deltas === content, 'content events', deltas);
check(final.usage?.completion_tokens === u.completion_tokens, 'finalChatCompletion usage', final.usage);

// max_tokens cuts the answer
const cut = await client.chat.completions.create({ model, messages, max_tokens: 3 });
check(cut.choices[0].finish_reason === 'length' && cut.usage.completion_tokens === 3, 'max_tokens 3', cut);
check(content.startsWith(cut.choices[0].message.content), 'the cut answer is a prefix', cut.choices[0].message.content);

// Errors arrive as APIError with OpenAI's fields
async function expectError(body, status, code, param) {
  try {
    await client.chat.completions.create(body);
  } catch (e) {
    check(e instanceof OpenAI.APIError, 'APIError', String(e));
    check(e.status === status && e.code === code && e.param === param, `error ${code}`,
          { status: e.status, code: e.code, param: e.param, type: e.type, message: e.message });
    check(e.type === 'invalid_request_error' && typeof e.message === 'string', `error ${code} type`, e.type);
    return;
  }
  check(false, `expected error ${code}`);
}
await expectError({ model: 'gpt-4o', messages }, 404, 'model_not_found', 'model');
await expectError({ model, messages: [] }, 400, 'empty_array', 'messages');
await expectError({ model, messages, max_tokens: 0 }, 400, 'invalid_value', 'max_tokens');

console.log(JSON.stringify({
  ok: true, content_tokens: u.completion_tokens, prompt_tokens: u.prompt_tokens, chunks, content_chunks: contentChunks,
}));
