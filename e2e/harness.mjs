// Shared helpers of the end-to-end tests: the Binance stand-in as a child process, its
// control API, fixtures, and bin/tollgate serve driven by the MCP SDK client over stdio.
//
// Every child process started here is stopped by its own stop()/close(), which the tests call
// from after() hooks; an exit handler kills whatever is still running should a test crash
// before its hooks run.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

export const E2E_DIR = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(E2E_DIR, '..');
export const TOLLGATE = path.join(ROOT, 'bin', 'tollgate');
export const STANDIN = path.join(ROOT, 'bin', 'binance-standin');
export const TESTDATA = path.join(ROOT, 'internal', 'binancetest', 'testdata');

// Recognisable test credentials (64 letters and digits, as Binance issues them). Every server
// the tests start has them, and every stand-in accepts them; a leak of either is easy to find.
export const TEST_API_KEY = 'E2ETESTAPIKEYtollgate' + '0'.repeat(42) + '1';
export const TEST_API_SECRET = 'E2ETESTSECRETtollgate' + '0'.repeat(42) + '2';

// How long to wait for a child process to do what it must (print its URL, exit, log a line)
// before the test fails instead of hanging.
const PROCESS_WAIT_MS = 15_000;

/** Parses a fixture file under internal/binancetest/testdata. */
export function fixture(rel) {
  return JSON.parse(readFileSync(path.join(TESTDATA, rel), 'utf8'));
}

// Safety net: children still running when this process exits are killed, by pid, and
// temporary directories not yet removed are removed.
const running = new Set();
const tempDirs = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});
function track(child) {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Resolves with `promise`, or rejects after ms with an error naming what was awaited. */
export function within(promise, what, ms = PROCESS_WAIT_MS) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Waits for child to exit; SIGKILL if it has not done so in time. Returns the exit code. */
export async function waitForExit(child, ms = PROCESS_WAIT_MS) {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = once(child, 'exit');
  try {
    await within(exited, `pid ${child.pid} to exit`, ms);
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    throw err;
  }
  return child.exitCode;
}

/** Spawns bin/tollgate with args and a clean environment (see serverEnv). */
export function spawnTollgate(args, env) {
  return track(spawn(TOLLGATE, args, { env, cwd: env.HOME, stdio: ['pipe', 'pipe', 'pipe'] }));
}

/**
 * A fresh temporary HOME (also XDG_CACHE_HOME) and the only environment the server gets.
 * Returns { env, remove() }.
 */
export async function serverEnv(baseUrl) {
  const home = await mkdtemp(path.join(tmpdir(), 'tollgate-e2e-'));
  tempDirs.add(home);
  return {
    env: {
      BINANCE_BASE_URL: baseUrl,
      BINANCE_API_KEY: TEST_API_KEY,
      BINANCE_API_SECRET: TEST_API_SECRET,
      HOME: home,
      XDG_CACHE_HOME: home,
      PATH: process.env.PATH,
    },
    home,
    async remove() {
      await rm(home, { recursive: true, force: true });
      tempDirs.delete(home);
    },
  };
}

/**
 * Starts bin/binance-standin on a free 127.0.0.1 port. Returns
 * { url, requests(path?), reset(), stop() }.
 */
export async function startStandin() {
  const child = track(
    spawn(STANDIN, ['-addr', '127.0.0.1:0', '-exit-on-stdin-close', '-hmac-key', `${TEST_API_KEY}=${TEST_API_SECRET}`], {
      stdio: ['pipe', 'pipe', 'pipe'],
    }),
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s) => (stderr += s));
  const lines = createInterface({ input: child.stdout });
  const firstLine = new Promise((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`binance-standin exited (${code}) before listening: ${stderr}`)));
  });
  let url;
  try {
    const line = await within(firstLine, 'binance-standin to print its URL');
    const m = /^BINANCE_BASE_URL=(http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
    if (!m) throw new Error(`unexpected first line from binance-standin: ${JSON.stringify(line)}`);
    url = m[1];
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }

  async function control(method, p) {
    const res = await fetch(url + p, { method });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${p}: HTTP ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }

  return {
    url,
    /** Records of the requests that reached the stand-in, oldest first; only those to path if given. */
    requests: (p) => control('GET', '/__standin/requests' + (p ? `?path=${encodeURIComponent(p)}` : '')),
    /** Clears the records and faults. */
    reset: () => control('POST', '/__standin/reset'),
    /** Adds a fault (see package binancetest: kind, path, status, retryAfter, delayMs, count). */
    fault: (f) =>
      fetch(url + '/__standin/fault', { method: 'POST', body: JSON.stringify(f) }).then(async (res) => {
        if (!res.ok) throw new Error(`fault ${JSON.stringify(f)}: HTTP ${res.status} ${await res.text()}`);
      }),
    /** Stops the stand-in: closes its stdin (it exits on that), SIGKILL if it does not. */
    async stop() {
      lines.close();
      child.stdin.end();
      await waitForExit(child);
    },
  };
}

/**
 * Starts `bin/tollgate serve` against baseUrl (with extraEnv over the test environment) and connects an MCP SDK client over stdio.
 * (The SDK adds HOME, LOGNAME, PATH, SHELL, TERM and USER from this process's environment
 * under the env given; HOME and PATH are overridden by ours.)
 * Returns { client, pid, stderr(), logLines(), securityEvents(), waitForLog(pred), close() }.
 */
export async function connectServer(baseUrl, extraEnv = {}) {
  const { env: baseEnv, remove } = await serverEnv(baseUrl);
  const env = { ...baseEnv, ...extraEnv };
  const transport = new StdioClientTransport({
    command: TOLLGATE,
    args: ['serve'],
    env,
    cwd: env.HOME,
    stderr: 'pipe',
  });
  let stderr = '';
  const waiters = new Set();
  transport.stderr.setEncoding('utf8').on('data', (s) => {
    stderr += s;
    for (const w of waiters) w();
  });
  const client = new Client({ name: 'tollgate-e2e', version: '0.0.0' });
  // Every result is kept, so that close() can search it, with stderr, for the test keys.
  const results = [];
  const callTool = client.callTool.bind(client);
  client.callTool = async (...args) => {
    const res = await callTool(...args);
    results.push(JSON.stringify(res));
    return res;
  };
  // The SDK owns this child; the safety net only needs its pid until close() has run.
  let safety;
  try {
    await within(client.connect(transport), 'tollgate serve to initialize');
    const pid = transport.pid;
    safety = { kill: (sig) => killPid(pid, sig) };
    running.add(safety);
    client.onclose = () => running.delete(safety);
  } catch (err) {
    await transport.close();
    await remove();
    throw err;
  }

  /** The server's stderr so far, as parsed JSON log lines (lines that do not parse are skipped). */
  const logLines = () =>
    stderr
      .split('\n')
      .filter(Boolean)
      .flatMap((l) => {
        try {
          return [JSON.parse(l)];
        } catch {
          return [];
        }
      });

  return {
    client,
    /** The server's process id (for signals such as SIGHUP). */
    pid: transport.pid,
    stderr: () => stderr,
    logLines,
    /** SECURITY_EVENT log records so far. */
    securityEvents: () => logLines().filter((l) => l.msg === 'SECURITY_EVENT'),
    /** Waits until pred(logLines()) returns a truthy value (checked on each stderr write), and returns it. */
    async waitForLog(pred, what = 'a log line') {
      let waiter;
      const found = new Promise((resolve) => {
        waiter = () => {
          const v = pred(logLines());
          if (v) resolve(v);
        };
        waiters.add(waiter);
        waiter();
      });
      try {
        return await within(found, what);
      } finally {
        waiters.delete(waiter);
      }
    },
    /**
     * Closes the client (the SDK ends stdin, then SIGTERM, then SIGKILL) and removes the temp
     * HOME. Throws if the test API key or secret appears in stderr or in any result.
     */
    async close() {
      await client.close();
      running.delete(safety);
      await remove();
      const outputs = { stderr, results: results.join('\n') };
      for (const [where, text] of Object.entries(outputs)) {
        for (const [what, secret] of Object.entries({ 'API key': TEST_API_KEY, secret: TEST_API_SECRET })) {
          if (text.includes(secret)) throw new Error(`the test ${what} leaked into ${where}`);
        }
      }
    },
  };
}

function killPid(pid, sig) {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/**
 * Starts `bin/tollgate serve` with env and speaks raw newline-delimited JSON-RPC to it, keeping
 * every byte of stdout and stderr. Returns { child, send(msg), responsesTo(ids), responses,
 * stdout(), stderr(), initialize(), end() }.
 */
export function rawSession(env, args = ['serve']) {
  const child = spawnTollgate(args, env);
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s) => (stderr += s));
  const responses = new Map();
  const waiters = new Set();
  let pending = '';
  child.stdout.setEncoding('utf8').on('data', (s) => {
    stdout += s;
    pending += s;
    let nl;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      try {
        const msg = JSON.parse(line);
        if (msg && 'id' in msg && !('method' in msg)) responses.set(msg.id, msg);
      } catch {
        // callers assert over all of stdout
      }
    }
    for (const w of waiters) w();
  });
  const responsesTo = (ids) =>
    within(
      new Promise((resolve, reject) => {
        const check = () => ids.every((id) => responses.has(id)) && (waiters.delete(check), resolve());
        waiters.add(check);
        child.once('exit', (code) => reject(new Error(`tollgate exited (${code}) before answering ${ids}; stderr: ${stderr}`)));
        check();
      }),
      `responses to ${ids.join(', ')}`,
    );
  const send = (msg) => child.stdin.write(JSON.stringify({ jsonrpc: '2.0', ...msg }) + '\n');
  return {
    child,
    send,
    responsesTo,
    responses,
    stdout: () => stdout,
    stderr: () => stderr,
    /** initialize, then notifications/initialized. */
    async initialize(protocolVersion = '2025-11-25') {
      send({
        id: 'init',
        method: 'initialize',
        params: { protocolVersion, capabilities: {}, clientInfo: { name: 'raw-stdio-e2e', version: '0' } },
      });
      await responsesTo(['init']);
      send({ method: 'notifications/initialized' });
      return responses.get('init').result;
    },
    /** Ends stdin and waits for the exit status. */
    async end() {
      child.stdin.end();
      return waitForExit(child);
    },
  };
}
