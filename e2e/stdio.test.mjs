// The stdio transport without the SDK: raw newline-delimited JSON-RPC in and out of
// `bin/tollgate serve`. Every stdout line must be a JSON-RPC 2.0 message; logs go to stderr.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fixture, rawSession, serverEnv, startStandin, waitForExit } from './harness.mjs';

const PROTOCOL_VERSION = '2025-11-25';

let standin;
let home;
let child;

before(async () => {
  standin = await startStandin();
  home = await serverEnv(standin.url);
});

after(async () => {
  try {
    if (child) {
      child.stdin.end();
      await waitForExit(child);
    }
  } finally {
    await home?.remove();
    await standin?.stop();
  }
});

test('tollgate serve: JSON-RPC 2.0 lines on stdout, every response with its id, logs on stderr', async () => {
  const session = rawSession(home.env);
  child = session.child;
  const { send, responsesTo, responses } = session;
  send({
    id: 1,
    method: 'initialize',
    params: { protocolVersion: PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'raw-stdio-e2e', version: '0' } },
  });
  await responsesTo([1]);
  send({ method: 'notifications/initialized' });
  send({ id: 2, method: 'tools/list' });
  send({ id: 3, method: 'tools/call', params: { name: 'get_ticker_price', arguments: { symbol: 'BTCUSDT' } } });
  send({ id: 'bad-call', method: 'tools/call', params: { name: 'get_ticker_price', arguments: { symbol: 'BTC=USDT' } } });
  await responsesTo([2, 3, 'bad-call']);
  child.stdin.end();
  assert.equal(await waitForExit(child), 0, `exit status after stdin closed; stderr: ${session.stderr().slice(-2000)}`);
  const stdout = session.stdout();
  const stderr = session.stderr();

  // Every stdout line is a JSON-RPC 2.0 message, and stdout ends with a newline.
  assert.ok(stdout.endsWith('\n'), 'stdout ends with a newline');
  const messages = stdout
    .slice(0, -1)
    .split('\n')
    .map((line, i) => {
      let msg;
      assert.doesNotThrow(() => (msg = JSON.parse(line)), `stdout line ${i + 1} is not JSON: ${line.slice(0, 200)}`);
      assert.equal(msg.jsonrpc, '2.0', `stdout line ${i + 1}: ${line.slice(0, 200)}`);
      return msg;
    });
  const ids = messages.filter((m) => !('method' in m)).map((m) => m.id);
  assert.deepEqual([...ids].sort(), [1, 2, 3, 'bad-call'].sort(), 'one response per request, none extra');
  for (const m of messages.filter((m) => !('method' in m))) assert.equal(m.error, undefined, `id ${m.id}: ${JSON.stringify(m.error)}`);

  const init = responses.get(1).result;
  assert.equal(init.protocolVersion, PROTOCOL_VERSION);
  assert.equal(init.serverInfo.name, 'tollgate');
  assert.ok(init.capabilities.tools, 'tools capability');

  assert.equal(responses.get(2).result.tools.length, 27);

  const good = responses.get(3).result;
  assert.ok(!good.isError, JSON.stringify(good));
  assert.deepEqual(good.structuredContent.data, fixture('python-binance-recordings/ticker_price_BTCUSDT_testnet.json'));
  assert.deepEqual(JSON.parse(good.content[0].text), good.structuredContent);

  const bad = responses.get('bad-call').result;
  assert.equal(bad.isError, true);
  assert.equal(bad.structuredContent.error.type, 'validation_error');
  assert.equal(bad.structuredContent.error.field, 'symbol');

  // Logs went to stderr, not stdout.
  assert.match(stderr, /SECURITY_EVENT/);
  assert.match(stderr, /"event_type":"tool_invocation"/);
  assert.doesNotMatch(stdout, /SECURITY_EVENT/);

  // Only the valid call reached the exchange (after the one exchangeInfo fetch).
  const reqs = await standin.requests();
  assert.deepEqual(
    reqs.map((r) => `${r.path}?${r.rawQuery}`),
    ['/api/v3/exchangeInfo?', '/api/v3/ticker/price?symbol=BTCUSDT'],
  );
});
