// The example community module end to end. `make examples` builds and packs
// examples/spread-watch into bin/examples/spread_watch.wasm and writes
// bin/examples/spread_watch.toml, whose [[module]] pins that file's SHA-256, grants
// market_data and allows BTCUSDT, ETHUSDT and BNBUSDT. `bin/tollgate serve` loads it from that
// config next to the built-in modules, and its tools are called against the Binance stand-in.
//
// Every value asserted is computed exactly from the stand-in's recorded data
// (internal/binancetest/testdata; see its doc.go):
//   BTCUSDT book ticker  bid 65861.65000000 (qty 11.79258000), ask 65861.66000000 (qty 13.95261000)
//   BTCUSDT avgPrice     65873.77736077 over 5 minutes
//   ETHUSDT, BNBUSDT     no recorded book: every price "0.00000000", avgPrice 0 over 5 minutes
//   BTCUSDT filters      LOT_SIZE minQty 0.00001 maxQty 9000 stepSize 0.00001; NOTIONAL min 10 max 9000000
//   ETHUSDT filters      LOT_SIZE minQty 0.0001 maxQty 9000 stepSize 0.0001; NOTIONAL min 10 max 9000000
// The same numbers are derived in examples/spread-watch's Go tests.

import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ROOT, connectServer, fixture, rawSession, serverEnv, startStandin } from './harness.mjs';

const EXAMPLES = path.join(ROOT, 'bin', 'examples');
const CONFIG = path.join(EXAMPLES, 'spread_watch.toml');
const WASM = path.join(EXAMPLES, 'spread_watch.wasm');
const EXAMPLE_TOOLS = ['size_position', 'watch_spread'];

const PB = 'python-binance-recordings';
const FIX = {
  bookTicker: fixture(`${PB}/ticker_bookTicker_BTCUSDT_testnet.json`),
  avgPrice: fixture(`${PB}/avgPrice_BTCUSDT_testnet.json`),
  exchangeInfo: fixture('exchangeInfo_spot_2023-08-13_full.json'),
};

let standin;
let server;
let tools;

before(async () => {
  standin = await startStandin();
  // TOLLGATE_CONFIG is `serve --config`'s environment form (the pin-mismatch test below uses
  // the flag). BINANCE_BASE_URL, set by the harness, points the server at the stand-in.
  server = await connectServer(standin.url, { TOLLGATE_CONFIG: CONFIG });
  // After tools/list the SDK client checks every successful result's structuredContent
  // against the tool's outputSchema: the example's outputs are checked too.
  ({ tools } = await server.client.listTools());
  // exchangeInfo is fetched once, on first need; warm the cache (the exchange_info op reads
  // it) so that each case below sees only its own requests.
  await ok('get_available_assets', { limit: 1 });
});

after(async () => {
  try {
    await server?.close();
  } finally {
    await standin?.stop();
  }
});

// ---- helpers -------------------------------------------------------------------------------

async function call(name, args) {
  const result = await server.client.callTool({ name, arguments: args });
  assert.equal(result.content.length, 1, 'one content block');
  assert.deepEqual(JSON.parse(result.content[0].text), result.structuredContent, 'text = structuredContent');
  return result;
}

/** Calls a tool that must succeed; returns the envelope's data. */
async function ok(name, args) {
  const result = await call(name, args);
  assert.ok(!result.isError, `${name} failed: ${result.content[0].text}`);
  assert.equal(result.structuredContent.success, true);
  return result.structuredContent.data;
}

/** Calls a tool that must be refused; returns the envelope's error. */
async function refused(name, args) {
  const result = await call(name, args);
  assert.equal(result.isError, true, `${name} should be refused: ${result.content[0].text}`);
  assert.equal(result.structuredContent.success, false);
  assert.equal(typeof result.structuredContent.error.message, 'string');
  return result.structuredContent.error;
}

/** The requests that reached the stand-in since the last reset, as "path?query". */
async function requests() {
  return (await standin.requests()).map((r) => r.path + (r.rawQuery ? '?' + r.rawQuery : ''));
}

const BTC_FILTERS = {
  step_size: '0.00001000',
  min_qty: '0.00001000',
  max_qty: '9000.00000000',
  min_notional: '10.00000000',
  max_notional: '9000000.00000000',
};

// ---- tools/list ----------------------------------------------------------------------------

describe('tools/list', () => {
  test('the example module is served next to the built-ins, with its schemas and all four hints', async () => {
    const names = tools.map((t) => t.name);
    for (const name of [...EXAMPLE_TOOLS, 'get_ticker_price', 'get_book_ticker', 'get_avg_price', 'get_exchange_info', 'get_balance', 'create_order']) {
      assert.ok(names.includes(name), `${name} listed`);
    }
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    const want = {
      watch_spread: [['symbols'], ['symbols']],
      size_position: [['symbol', 'risk_amount', 'stop_price', 'entry_price'], ['symbol', 'risk_amount', 'stop_price']],
    };
    for (const [name, [args, required]] of Object.entries(want)) {
      const t = byName[name];
      assert.deepEqual(Object.keys(t.inputSchema.properties).sort(), [...args].sort(), `${name} arguments`);
      assert.deepEqual([...t.inputSchema.required].sort(), [...required].sort(), `${name} required`);
      assert.equal(t.outputSchema?.type, 'object', `${name} outputSchema`);
      for (const [hint, value] of Object.entries({ readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true })) {
        assert.ok(Object.hasOwn(t.annotations ?? {}, hint), `${name}: ${hint} not set`);
        assert.equal(t.annotations[hint], value, `${name}: ${hint}`);
      }
    }
    assert.equal(byName.watch_spread.inputSchema.properties.symbols.maxItems, 5);
  });

  test('a built-in tool still answers', async () => {
    await standin.reset();
    assert.deepEqual(await ok('get_book_ticker', { symbol: 'BTCUSDT' }), FIX.bookTicker);
  });
});

// ---- watch_spread --------------------------------------------------------------------------

describe('watch_spread', () => {
  beforeEach(() => standin.reset());

  test('three symbols: two requests each, exact spreads, null where the book is empty', async () => {
    const data = await ok('watch_spread', { symbols: ['BTCUSDT', 'ETHUSDT', 'BNBUSDT'] });
    const quiet = (symbol) => ({
      symbol,
      bid_price: '0.00000000',
      bid_qty: '0.00000000',
      ask_price: '0.00000000',
      ask_qty: '0.00000000',
      quoted: false,
      mid_price: null,
      spread: null,
      spread_bps: null,
      avg_price: '0.00000000',
      avg_price_mins: 5,
      mid_vs_avg_bps: null,
    });
    assert.deepEqual(data, {
      spreads: [
        {
          symbol: 'BTCUSDT',
          bid_price: FIX.bookTicker.bidPrice,
          bid_qty: FIX.bookTicker.bidQty,
          ask_price: FIX.bookTicker.askPrice,
          ask_qty: FIX.bookTicker.askQty,
          quoted: true,
          mid_price: '65861.655', // (65861.65 + 65861.66) / 2
          spread: '0.01', // 65861.66 - 65861.65
          spread_bps: '0.0015', // 0.01 / 65861.655 * 10000 = 0.0015183…
          avg_price: FIX.avgPrice.price, // 65873.77736077
          avg_price_mins: FIX.avgPrice.mins, // 5
          mid_vs_avg_bps: '-1.8402', // (65861.655 - 65873.77736077) / 65873.77736077 * 10000 = -1.840240…
        },
        quiet('ETHUSDT'),
        quiet('BNBUSDT'),
      ],
    });
    assert.deepEqual(await requests(), [
      '/api/v3/ticker/bookTicker?symbol=BTCUSDT',
      '/api/v3/avgPrice?symbol=BTCUSDT',
      '/api/v3/ticker/bookTicker?symbol=ETHUSDT',
      '/api/v3/avgPrice?symbol=ETHUSDT',
      '/api/v3/ticker/bookTicker?symbol=BNBUSDT',
      '/api/v3/avgPrice?symbol=BNBUSDT',
    ]);
  });

  test('six symbols are refused by the schema before the module runs', async () => {
    const error = await refused('watch_spread', { symbols: ['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'A', 'B', 'C'] });
    assert.equal(error.type, 'validation_error');
    assert.deepEqual(await requests(), []);
  });
});

// ---- size_position -------------------------------------------------------------------------

describe('size_position', () => {
  beforeEach(() => standin.reset());

  test('a long at a limit price: rounded down to the LOT_SIZE step, from the cached filters', async () => {
    const data = await ok('size_position', { symbol: 'BTCUSDT', risk_amount: '250', entry_price: '65861.66', stop_price: 64500 });
    assert.deepEqual(data, {
      symbol: 'BTCUSDT',
      side: 'BUY',
      base_asset: 'BTC',
      quote_asset: 'USDT',
      entry_price: '65861.66',
      entry_source: 'argument',
      stop_price: '64500',
      risk_amount: '250',
      risk_per_unit: '1361.66', // 65861.66 - 64500
      quantity: '0.18359', // 250 / 1361.66 = 0.183599430… rounded down to 0.00001
      notional: '12091.5421594', // 0.18359 * 65861.66
      risk_at_stop: '249.9871594', // 0.18359 * 1361.66
      tradable: true,
      filters: BTC_FILTERS,
    });
    // The filters come from the host's exchangeInfo cache: nothing reached the exchange.
    assert.deepEqual(await requests(), []);
  });

  test('without entry_price: a long entered at the best ask, from the book', async () => {
    const data = await ok('size_position', { symbol: 'BTCUSDT', risk_amount: 50, stop_price: '65000' });
    assert.equal(data.side, 'BUY');
    assert.equal(data.entry_source, 'best_ask');
    assert.equal(data.entry_price, '65861.66'); // the ask
    assert.equal(data.risk_per_unit, '861.66');
    assert.equal(data.quantity, '0.05802'); // 50 / 861.66 = 0.058027…
    assert.equal(data.notional, '3821.2935132');
    assert.equal(data.risk_at_stop, '49.9935132');
    assert.equal(data.tradable, true);
    assert.deepEqual(await requests(), ['/api/v3/ticker/bookTicker?symbol=BTCUSDT']);
  });

  test('a short on ETHUSDT (stop above the entry)', async () => {
    const data = await ok('size_position', { symbol: 'ETHUSDT', risk_amount: '33', entry_price: '1850', stop_price: '1900' });
    assert.deepEqual(data, {
      symbol: 'ETHUSDT',
      side: 'SELL',
      base_asset: 'ETH',
      quote_asset: 'USDT',
      entry_price: '1850',
      entry_source: 'argument',
      stop_price: '1900',
      risk_amount: '33',
      risk_per_unit: '50',
      quantity: '0.66',
      notional: '1221',
      risk_at_stop: '33',
      tradable: true,
      filters: { ...BTC_FILTERS, step_size: '0.00010000', min_qty: '0.00010000' },
    });
  });

  test('under the NOTIONAL minimum: not tradable, with the smallest risk that is; that risk is tradable', async () => {
    // 0.15999 / 1000 = 0.00015999 → 0.00015 BTC, worth 9.75 USDT at 65000: under 10.
    const under = await ok('size_position', { symbol: 'BTCUSDT', risk_amount: '0.15999', entry_price: '65000', stop_price: '64000' });
    assert.equal(under.tradable, false);
    assert.equal(under.quantity, '0');
    assert.equal(under.notional, '0');
    assert.equal(under.risk_at_stop, '0');
    assert.equal(under.min_risk_amount, '0.16'); // 0.00016 BTC, the first step worth 10 USDT, × 1000
    assert.equal(under.reason, '0.00015 BTC at 65000 is worth 9.75 USDT, below the NOTIONAL minNotional of 10.00000000 USDT');

    const nearest = await ok('size_position', { symbol: 'BTCUSDT', risk_amount: under.min_risk_amount, entry_price: '65000', stop_price: '64000' });
    assert.equal(nearest.tradable, true);
    assert.equal(nearest.quantity, '0.00016');
    assert.equal(nearest.notional, '10.4');
    assert.equal(nearest.risk_at_stop, '0.16');
    assert.equal(nearest.min_risk_amount, undefined);
  });

  test('capped by NOTIONAL maxNotional', async () => {
    const data = await ok('size_position', { symbol: 'BTCUSDT', risk_amount: '10000000', entry_price: '65000', stop_price: '64999' });
    assert.equal(data.capped_by, 'NOTIONAL.maxNotional');
    assert.equal(data.quantity, '138.46153'); // 9000000 / 65000 = 138.461538… rounded down
    assert.equal(data.notional, '8999999.45');
  });

  test('bad arguments: refused by the schema or the module, before any request', async () => {
    let error = await refused('size_position', { symbol: 'BTCUSDT', risk_amount: 'abc', stop_price: '1' });
    assert.equal(error.type, 'validation_error');
    assert.equal(error.field, 'risk_amount');
    error = await refused('size_position', { symbol: 'BTCUSDT', risk_amount: '10', entry_price: '100', stop_price: '100.0' });
    assert.equal(error.type, 'validation_error');
    assert.equal(error.field, 'stop_price');
    error = await refused('size_position', { symbol: 'BTCUSDT', risk_amount: '-5', stop_price: '100' });
    assert.equal(error.type, 'validation_error');
    assert.equal(error.field, 'risk_amount');
    assert.deepEqual(await requests(), []);
  });
});

// ---- the operator's allow-list -------------------------------------------------------------

describe('symbols outside the [[module]] allow-list', () => {
  beforeEach(() => standin.reset());

  test('watch_spread: permission_denied for SOLUSDT, which never reaches the exchange', async () => {
    const error = await refused('watch_spread', { symbols: ['BTCUSDT', 'SOLUSDT'] });
    assert.equal(error.type, 'permission_denied', error.message);
    assert.equal(error.field, 'symbols');
    assert.equal(error.value, 'SOLUSDT');
    const seen = await requests();
    assert.ok(!seen.some((r) => r.includes('SOLUSDT')), `requests: ${seen}`);
  });

  test('size_position: permission_denied for ADABTC, a listed symbol the module may not use', async () => {
    const error = await refused('size_position', { symbol: 'ADABTC', risk_amount: '1', entry_price: '0.00001', stop_price: '0.000009' });
    assert.equal(error.type, 'permission_denied', error.message);
    assert.deepEqual(await requests(), []);
  });

  test('a built-in module is not bound by the example module\'s allow-list', async () => {
    // The stand-in has no recorded price for ADABTC: a quiet market.
    assert.deepEqual(await ok('get_ticker_price', { symbol: 'ADABTC' }), { symbol: 'ADABTC', price: '0.00000000' });
  });
});

// ---- pin mismatch --------------------------------------------------------------------------

describe('a [[module]] whose sha256 does not match its file', () => {
  test('is refused alone: the server starts, the built-ins work, the example\'s tools are absent', async () => {
    const text = await readFile(CONFIG, 'utf8');
    const pin = /^sha256 = "([0-9a-f]{64})"$/m.exec(text)?.[1];
    assert.ok(pin, `no sha256 in ${CONFIG}`);
    const wrong = (pin[0] === '0' ? '1' : '0') + pin.slice(1);
    const home = await serverEnv(standin.url);
    const config = path.join(home.home, 'mismatch.toml');
    await writeFile(
      config,
      text.replace(pin, wrong).replace(/^path = .*$/m, `path = ${JSON.stringify(WASM)}`),
    );
    const session = rawSession(home.env, ['serve', '--config', config]);
    try {
      await session.initialize();
      session.send({ id: 'list', method: 'tools/list' });
      session.send({ id: 'price', method: 'tools/call', params: { name: 'get_ticker_price', arguments: { symbol: 'BTCUSDT' } } });
      session.send({ id: 'spread', method: 'tools/call', params: { name: 'watch_spread', arguments: { symbols: ['BTCUSDT'] } } });
      await session.responsesTo(['list', 'price', 'spread']);

      const names = session.responses.get('list').result.tools.map((t) => t.name).sort();
      for (const name of EXAMPLE_TOOLS) assert.ok(!names.includes(name), `${name} must not be listed`);
      assert.deepEqual(names, tools.map((t) => t.name).filter((n) => !EXAMPLE_TOOLS.includes(n)).sort(), 'every built-in tool');

      const price = session.responses.get('price').result;
      assert.ok(!price.isError, JSON.stringify(price));
      assert.deepEqual(price.structuredContent.data, fixture(`${PB}/ticker_price_BTCUSDT_testnet.json`));

      const spread = session.responses.get('spread');
      assert.ok(spread.error || spread.result?.isError, `watch_spread must not be callable: ${JSON.stringify(spread)}`);

      const lines = session
        .stderr()
        .split('\n')
        .filter(Boolean)
        .flatMap((l) => {
          try {
            return [JSON.parse(l)];
          } catch {
            return [];
          }
        });
      const refusal = lines.find((l) => l.msg === 'module refused' && l.module === 'spread_watch');
      assert.ok(refusal, `no "module refused" line on stderr: ${session.stderr().slice(-2000)}`);
      assert.equal(refusal.level, 'ERROR');
      assert.match(refusal.reason, /sha256/i);
      const audit = lines.find((l) => l.msg === 'SECURITY_EVENT' && l.event_type === 'module_rejected' && l.module === 'spread_watch');
      assert.ok(audit, 'a module_rejected audit event');
      assert.equal(await session.end(), 0, `exit status; stderr: ${session.stderr().slice(-2000)}`);
    } finally {
      await session.end();
      await home.remove();
    }
  });
});
