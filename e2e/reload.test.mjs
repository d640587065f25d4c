// Reload on SIGHUP, through the real binary: the server re-reads its config file, serves the
// [[module]] tables it now names (each re-verified against its pin), tells the client with
// notifications/tools/list_changed, and keeps what it had when the file no longer loads.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { ROOT, connectServer, startStandin, within } from './harness.mjs';

const EXAMPLE = path.join(ROOT, 'bin', 'examples', 'spread_watch.wasm');

let standin;
let server;
let dir;
let configPath;
let changes = 0;
let changed = () => {};

async function writeConfig(modules) {
  await writeFile(configPath, `[log]\nlevel = "info"\n${modules}`);
}

function moduleTable(sha256) {
  return `[[module]]\nname = "watch"\npath = "spread_watch.wasm"\nsha256 = "${sha256}"\ngrants = ["market_data"]\n`;
}

/** Sends SIGHUP and waits for the next tools/list_changed. */
async function hangUp() {
  const seen = changes;
  const next = new Promise((resolve) => {
    changed = () => changes > seen && resolve();
  });
  process.kill(server.pid, 'SIGHUP');
  await within(next, 'notifications/tools/list_changed');
}

async function toolNames() {
  return new Set((await server.client.listTools()).tools.map((t) => t.name));
}

before(async () => {
  standin = await startStandin();
  dir = await mkdtemp(path.join(tmpdir(), 'tollgate-reload-'));
  await copyFile(EXAMPLE, path.join(dir, 'spread_watch.wasm'));
  configPath = path.join(dir, 'tollgate.toml');
  await writeConfig('');
  server = await connectServer(standin.url, { TOLLGATE_CONFIG: configPath });
  server.client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    changes++;
    changed();
  });
});

after(async () => {
  try {
    await server?.close();
  } finally {
    await standin?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
});

test('SIGHUP adds a pinned module, drops it when its pin no longer matches, and survives a broken file', async () => {
  const builtins = await toolNames();
  const sha256 = createHash('sha256').update(await readFile(path.join(dir, 'spread_watch.wasm'))).digest('hex');

  await writeConfig(moduleTable(sha256));
  await hangUp();
  const withModule = await toolNames();
  const added = [...withModule].filter((n) => !builtins.has(n));
  assert.ok(added.length > 0, 'the module added tools');
  for (const n of builtins) assert.ok(withModule.has(n), `built-in ${n} still served`);
  const loaded = await server.waitForLog((ls) => ls.find((l) => l.event_type === 'module_loaded' && l.module === 'watch'), 'module_loaded');
  assert.equal(loaded.module_sha256, sha256);
  // The module added by the reload serves calls.
  const spread = await server.client.callTool({ name: 'watch_spread', arguments: { symbols: ['BTCUSDT'] } });
  assert.ok(!spread.isError, spread.content[0].text);

  // The same bytes under another pin: refused, its tools gone, the built-ins still there.
  await writeConfig(moduleTable('0'.repeat(64)));
  await hangUp();
  const refusedList = await toolNames();
  for (const n of added) assert.ok(!refusedList.has(n), `${n} of the refused module is still listed`);
  assert.deepEqual(refusedList, builtins);
  const refusal = await server.waitForLog((ls) => ls.find((l) => l.msg === 'module refused' && l.module === 'watch'), 'module refused');
  assert.match(refusal.reason, /sha256 mismatch/);
  const price = await server.client.callTool({ name: 'get_ticker_price', arguments: { symbol: 'BTCUSDT' } });
  assert.ok(!price.isError, price.content[0].text);

  // A file that no longer loads changes nothing and says why.
  await writeConfig(moduleTable(sha256) + 'typo = true\n');
  process.kill(server.pid, 'SIGHUP');
  const broken = await server.waitForLog((ls) => ls.find((l) => l.msg?.startsWith('reload: the config does not load')), 'the reload error');
  assert.match(broken.err, /unknown key/);
  assert.deepEqual(await toolNames(), builtins);
});
