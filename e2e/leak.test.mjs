// The leak test: recognisable test credentials, signed calls that succeed and fail, and then
// every byte the server wrote (stdout, stderr, the audit file) and every result is searched
// for the API key, the secret, each signature the stand-in received, and each signed query
// string. Zero hits. Binance's own error text must come through unchanged.

import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { TEST_API_KEY, TEST_API_SECRET, rawSession, serverEnv, startStandin } from './harness.mjs';

let standin;
const homes = [];

before(async () => {
  standin = await startStandin();
});

after(async () => {
  for (const h of homes) await h.remove();
  await standin?.stop();
});

/** Starts a server with its audit events in a file; returns the session and that file's path. */
async function serveWithAuditFile(extraEnv = {}) {
  const home = await serverEnv(standin.url);
  homes.push(home);
  const auditFile = path.join(home.home, 'audit.log');
  const config = path.join(home.home, 'tollgate.toml');
  await writeFile(config, `[log]\naudit_file = ${JSON.stringify(auditFile)}\n`);
  const session = rawSession({ ...home.env, TOLLGATE_CONFIG: config, ...extraEnv });
  await session.initialize();
  return { session, auditFile };
}

function searchAll(haystacks, needles) {
  const hits = [];
  for (const [where, text] of Object.entries(haystacks)) {
    for (const [what, needle] of Object.entries(needles)) {
      if (needle && text.includes(needle)) hits.push(`${what} in ${where}`);
    }
  }
  return hits;
}

test('no key, secret, signature or signed query string in any output', async () => {
  await standin.reset();
  const { session, auditFile } = await serveWithAuditFile();
  const calls = [
    ['balance', 'get_balance', {}],
    ['balance-all', 'get_balance', { include_zero: true }],
    ['balance-btc', 'get_balance', { asset: 'btc' }],
    ['ticker', 'get_ticker_price', { symbol: 'BTCUSDT' }],
    ['bad-symbol', 'get_ticker_price', { symbol: 'BTC&signature=abc' }],
    ['bad-arg', 'get_balance', { asset: '' }],
  ];
  for (const [id, name, args] of calls) session.send({ id, method: 'tools/call', params: { name, arguments: args } });
  await session.responsesTo(calls.map(([id]) => id));

  // A signed call the exchange fails: the request was signed and sent, the answer is an error.
  await standin.fault({ kind: 'server_error', path: '/api/v3/account', status: 503 });
  session.send({ id: 'balance-5xx', method: 'tools/call', params: { name: 'get_balance', arguments: {} } });
  await session.responsesTo(['balance-5xx']);
  assert.equal(await session.end(), 0, session.stderr().slice(-2000));

  const result = (id) => session.responses.get(id).result;
  assert.ok(!result('balance').isError, JSON.stringify(result('balance')));
  assert.ok(result('balance').structuredContent.data.balances.length > 0);
  assert.equal(result('balance-5xx').isError, true);
  assert.equal(result('bad-symbol').structuredContent.error.type, 'validation_error');

  const signed = (await standin.requests('/api/v3/account')).map((r) => r.rawQuery);
  assert.equal(signed.length, 4, 'three signed calls and the failed one reached the stand-in');
  const needles = { 'API key': TEST_API_KEY, secret: TEST_API_SECRET };
  signed.forEach((q, i) => {
    const sig = /(?:^|&)signature=([^&]+)/.exec(q)?.[1];
    assert.ok(sig && sig.length === 64, `request ${i} carries an HMAC signature: ${q}`);
    needles[`signature ${i}`] = sig;
    needles[`signed query ${i}`] = q;
  });
  const hits = searchAll(
    { stdout: session.stdout(), stderr: session.stderr(), 'audit file': await readFile(auditFile, 'utf8') },
    needles,
  );
  assert.deepEqual(hits, []);

  // The audit file really holds the events: one request id per call, carried upstream too.
  const events = (await readFile(auditFile, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.ok(events.every((e) => e.msg === 'SECURITY_EVENT'));
  assert.ok(!/SECURITY_EVENT/.test(session.stderr()), 'audit events went to the audit file only');
  const upstreamIDs = (await standin.requests('/api/v3/account')).map((r) => r.header['X-Tollgate-Request-Id']?.[0]);
  for (const id of upstreamIDs) {
    const kinds = events.filter((e) => e.request_id === id).map((e) => e.event_type);
    assert.ok(kinds.includes('tool_invocation'), `request id ${id} of an upstream request has its tool_invocation event: ${kinds}`);
  }
  assert.equal(new Set(upstreamIDs).size, 4, 'each tool call has its own request id');
});

test('a rejected key: Binance\'s message kept word for word, the key still nowhere', async () => {
  await standin.reset();
  const otherKey = 'E2EWRONGKEYtollgate' + '0'.repeat(44) + '3';
  const { session, auditFile } = await serveWithAuditFile({ BINANCE_API_KEY: otherKey });
  session.send({ id: 1, method: 'tools/call', params: { name: 'get_balance', arguments: {} } });
  await session.responsesTo([1]);
  assert.equal(await session.end(), 0);
  const err = session.responses.get(1).result.structuredContent.error;
  assert.equal(err.type, 'auth_error');
  assert.equal(err.code, -2015);
  assert.equal(err.binance_message, 'Invalid API-key, IP, or permissions for action.');
  const hits = searchAll(
    { stdout: session.stdout(), stderr: session.stderr(), 'audit file': await readFile(auditFile, 'utf8') },
    { 'wrong API key': otherKey, secret: TEST_API_SECRET },
  );
  assert.deepEqual(hits, []);
});

test('no credentials: public tools work, a signed tool is an auth_error and sends nothing', async () => {
  await standin.reset();
  const { session } = await serveWithAuditFile({ BINANCE_API_KEY: '', BINANCE_API_SECRET: '' });
  session.send({ id: 1, method: 'tools/call', params: { name: 'get_balance', arguments: {} } });
  session.send({ id: 2, method: 'tools/call', params: { name: 'get_ticker_price', arguments: { symbol: 'BTCUSDT' } } });
  await session.responsesTo([1, 2]);
  assert.equal(await session.end(), 0);
  const err = session.responses.get(1).result.structuredContent.error;
  assert.equal(session.responses.get(1).result.isError, true);
  assert.equal(err.type, 'auth_error');
  assert.match(err.message, /BINANCE_API_KEY/);
  assert.ok(!session.responses.get(2).result.isError, 'a public tool still works');
  assert.equal((await standin.requests('/api/v3/account')).length, 0, 'nothing signed was sent');
});
