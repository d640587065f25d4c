// The market tools end to end: the MCP SDK client drives `bin/tollgate serve` over stdio, the
// server talks to the Binance stand-in, and every answer is compared with the fixture files
// the stand-in serves.

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { connectServer, fixture, startStandin } from './harness.mjs';

const PB = 'python-binance-recordings';
const FIX = {
  price: fixture(`${PB}/ticker_price_BTCUSDT_testnet.json`),
  ticker: fixture(`${PB}/ticker_24hr_BTCUSDT_testnet.json`),
  depth: fixture(`${PB}/depth_BTCUSDT_limit100_testnet.json`),
  klines1d: fixture(`${PB}/klines_BTCUSDT_1d_testnet.json`),
  avgPrice: fixture(`${PB}/avgPrice_BTCUSDT_testnet.json`),
  bookTicker: fixture(`${PB}/ticker_bookTicker_BTCUSDT_testnet.json`),
  trades: fixture('nautilus_trader/http_spot_market_trades.json'),
  exchangeInfo: fixture('exchangeInfo_spot_2023-08-13_full.json'),
};

let standin;
let server;

before(async () => {
  standin = await startStandin();
  server = await connectServer(standin.url);
  // After tools/list the SDK client checks every successful result's structuredContent
  // against the tool's outputSchema; list first so that holds for every test.
  await server.client.listTools();
  // exchangeInfo is fetched once, on first need; warm the cache so that each case below
  // sees only its own requests.
  await ok('get_available_assets', { limit: 1 });
  await assertOnlyRequest('/api/v3/exchangeInfo', {});
});

after(async () => {
  try {
    await server?.close();
  } finally {
    await standin?.stop();
  }
});

// ---- helpers -------------------------------------------------------------------------------

/** Calls a tool; checks the text content is the structuredContent's JSON. Returns the result. */
async function call(name, args) {
  const result = await server.client.callTool({ name, arguments: args });
  assert.equal(result.content.length, 1, 'one content block');
  assert.equal(result.content[0].type, 'text');
  assert.deepEqual(JSON.parse(result.content[0].text), result.structuredContent, 'text = structuredContent');
  return result;
}

/** Calls a tool that must succeed; returns the envelope's data. */
async function ok(name, args) {
  const result = await call(name, args);
  const env = result.structuredContent;
  assert.ok(!result.isError, `${name} failed: ${result.content[0].text}`);
  assert.equal(env.success, true);
  assert.ok(Number.isInteger(env.timestamp), 'envelope timestamp');
  return env.data;
}

/** Calls a tool that must be refused; returns the envelope's error. */
async function refused(name, args) {
  const result = await call(name, args);
  const env = result.structuredContent;
  assert.equal(result.isError, true, `${name} should be refused: ${result.content[0].text}`);
  assert.equal(env.success, false);
  assert.equal(env.data, undefined);
  assert.equal(typeof env.error.message, 'string');
  assert.ok(env.error.message.length > 0);
  assert.ok(Number.isInteger(env.error.timestamp), 'error timestamp');
  return env.error;
}

const sortedPairs = (q) => [...new URLSearchParams(q)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** The stand-in saw exactly one request, GET path?query (query compared as a parameter set). */
async function assertOnlyRequest(path, query) {
  const recs = await standin.requests();
  assert.equal(recs.length, 1, `requests at the stand-in: ${JSON.stringify(recs.map((r) => r.path + '?' + r.rawQuery))}`);
  const [rec] = recs;
  assert.equal(rec.method, 'GET');
  assert.equal(rec.path, path);
  assert.deepEqual(sortedPairs(rec.rawQuery), sortedPairs(query));
  assert.equal(rec.status, 200);
}

async function assertNoRequests() {
  assert.deepEqual(await standin.requests(), []);
}

const klineRow = (r) => ({
  open_time: r[0],
  open: r[1],
  high: r[2],
  low: r[3],
  close: r[4],
  volume: r[5],
  close_time: r[6],
  quote_volume: r[7],
  trades: r[8],
  taker_buy_base_volume: r[9],
  taker_buy_quote_volume: r[10],
});

const symbolRow = (s) => ({ symbol: s.symbol, status: s.status, base_asset: s.baseAsset, quote_asset: s.quoteAsset });

// ---- tools/list ----------------------------------------------------------------------------

describe('tools/list', () => {
  // tool → [arguments, required arguments]
  const TOOLS = {
    get_ticker_price: [['symbol'], ['symbol']],
    get_ticker: [['symbol'], ['symbol']],
    get_order_book: [['symbol', 'limit'], ['symbol']],
    get_klines: [['symbol', 'interval', 'limit', 'start_time', 'end_time'], ['symbol', 'interval']],
    get_avg_price: [['symbol'], ['symbol']],
    get_book_ticker: [['symbol'], ['symbol']],
    get_recent_trades: [['symbol', 'limit'], ['symbol']],
    get_exchange_info: [['symbol'], ['symbol']],
    get_available_assets: [['quote_asset', 'base_asset', 'status', 'search', 'limit', 'cursor'], []],
    // module account, grants account_read and market_data
    get_balance: [['asset', 'include_zero'], []],
    get_open_orders: [['symbol'], []],
    get_order: [['symbol', 'order_id', 'client_order_id'], ['symbol']],
    get_orders: [['symbol', 'start_time', 'end_time', 'limit'], ['symbol']],
    get_my_trades: [['symbol', 'order_id', 'start_time', 'end_time', 'from_id', 'limit'], ['symbol']],
    get_rate_limit_status: [[], []],
    get_account_snapshot: [['account_type', 'start_time', 'end_time', 'limit'], ['account_type']],
    get_fee_info: [['symbol'], []],
    get_deposit_address: [['coin', 'network'], ['coin']],
    get_deposit_history: [['coin', 'status', 'start_time', 'end_time', 'offset', 'limit'], []],
    get_withdraw_history: [['coin', 'status', 'start_time', 'end_time', 'offset', 'limit'], []],
    get_universal_transfer_history: [['type', 'start_time', 'end_time', 'current', 'size'], ['type']],
    get_position_info: [['symbol'], []],
    get_pnl: [['symbol', 'start_time', 'end_time', 'limit'], []],
    get_liquidation_history: [['symbol', 'start_time', 'end_time', 'limit'], []],
    create_order: [
      ['symbol', 'side', 'order_type', 'quantity', 'price', 'time_in_force', 'stop_price', 'trailing_delta',
        'quote_order_qty', 'iceberg_qty', 'client_order_id', 'self_trade_prevention_mode', 'new_order_resp_type',
        'recv_window', 'test'],
      ['symbol', 'side', 'order_type'],
    ],
    cancel_order: [['symbol', 'order_id', 'client_order_id', 'recv_window'], ['symbol']],
    cancel_open_orders: [['symbol', 'recv_window'], ['symbol']],
  };
  // Module trade, grant trade: they change the account, so their hints differ.
  const TRADE_TOOLS = {
    create_order: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    cancel_order: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    cancel_open_orders: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  };

  test('lists the 9 market tools, the 15 account tools and the 3 trade tools, with schemas and all four hints set explicitly', async () => {
    const { tools, nextCursor } = await server.client.listTools();
    assert.equal(nextCursor, undefined, 'one page');
    assert.deepEqual(tools.map((t) => t.name).sort(), Object.keys(TOOLS).sort());
    for (const t of tools) {
      const [args, required] = TOOLS[t.name];
      assert.equal(t.inputSchema.type, 'object', t.name);
      assert.deepEqual(Object.keys(t.inputSchema.properties ?? {}).sort(), [...args].sort(), `${t.name} arguments`);
      assert.deepEqual([...(t.inputSchema.required ?? [])].sort(), [...required].sort(), `${t.name} required`);
      assert.equal(t.outputSchema?.type, 'object', `${t.name} outputSchema`);
      const a = t.annotations ?? {};
      const hints = TRADE_TOOLS[t.name] ?? { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };
      for (const [hint, want] of Object.entries(hints)) {
        assert.ok(Object.hasOwn(a, hint), `${t.name}: ${hint} not set`);
        assert.equal(a[hint], want, `${t.name}: ${hint}`);
      }
    }
  });
});

// ---- every tool, against the fixtures ------------------------------------------------------

describe('every tool answers with the fixture data', () => {
  beforeEach(() => standin.reset());

  test('get_ticker_price', async () => {
    const data = await ok('get_ticker_price', { symbol: 'BTCUSDT' });
    assert.deepEqual(data, { symbol: 'BTCUSDT', price: '65861.66000000' });
    assert.deepEqual(data, FIX.price);
    await assertOnlyRequest('/api/v3/ticker/price', { symbol: 'BTCUSDT' });
  });

  test('get_ticker_price upper-cases a lower-case symbol', async () => {
    const data = await ok('get_ticker_price', { symbol: 'btcusdt' });
    assert.deepEqual(data, FIX.price);
    await assertOnlyRequest('/api/v3/ticker/price', { symbol: 'BTCUSDT' });
  });

  test('get_ticker (24 h)', async () => {
    const data = await ok('get_ticker', { symbol: 'BTCUSDT' });
    assert.deepEqual(data, FIX.ticker);
    assert.equal(data.lastPrice, '65861.66000000');
    assert.equal(data.priceChangePercent, '2.496');
    await assertOnlyRequest('/api/v3/ticker/24hr', { symbol: 'BTCUSDT' });
  });

  test('get_order_book limit 5: the first 5 levels of each side', async () => {
    const data = await ok('get_order_book', { symbol: 'BTCUSDT', limit: 5 });
    assert.deepEqual(data, {
      lastUpdateId: FIX.depth.lastUpdateId,
      bids: FIX.depth.bids.slice(0, 5),
      asks: FIX.depth.asks.slice(0, 5),
    });
    assert.deepEqual(data.bids[0], ['65861.65000000', '11.79898000']);
    await assertOnlyRequest('/api/v3/depth', { symbol: 'BTCUSDT', limit: '5' });
  });

  test('get_klines 1d: all 13 rows with named fields', async () => {
    const data = await ok('get_klines', { symbol: 'BTCUSDT', interval: '1d' });
    assert.equal(FIX.klines1d.length, 13);
    assert.deepEqual(data, { interval: '1d', klines: FIX.klines1d.map(klineRow) });
    assert.equal(data.klines[0].low, '802.04000000');
    await assertOnlyRequest('/api/v3/klines', { symbol: 'BTCUSDT', interval: '1d', limit: '500' });
  });

  test('get_klines 1d limit 3: the last 3 rows', async () => {
    const data = await ok('get_klines', { symbol: 'BTCUSDT', interval: '1d', limit: 3 });
    assert.deepEqual(data, { interval: '1d', klines: FIX.klines1d.slice(-3).map(klineRow) });
    await assertOnlyRequest('/api/v3/klines', { symbol: 'BTCUSDT', interval: '1d', limit: '3' });
  });

  test('get_avg_price', async () => {
    const data = await ok('get_avg_price', { symbol: 'BTCUSDT' });
    assert.deepEqual(data, FIX.avgPrice);
    assert.equal(data.price, '65873.77736077');
    await assertOnlyRequest('/api/v3/avgPrice', { symbol: 'BTCUSDT' });
  });

  test('get_book_ticker', async () => {
    const data = await ok('get_book_ticker', { symbol: 'BTCUSDT' });
    assert.deepEqual(data, FIX.bookTicker);
    await assertOnlyRequest('/api/v3/ticker/bookTicker', { symbol: 'BTCUSDT' });
  });

  test('get_recent_trades limit 2: the most recent 2, oldest first', async () => {
    const data = await ok('get_recent_trades', { symbol: 'BTCUSDT', limit: 2 });
    assert.deepEqual(data, { trades: FIX.trades.slice(-2) });
    assert.deepEqual(
      data.trades.map((t) => t.id),
      [1111468881, 1111468882],
    );
    await assertOnlyRequest('/api/v3/trades', { symbol: 'BTCUSDT', limit: '2' });
  });

  test('get_exchange_info BTCUSDT: the fixture entry, filters keyed by type, from the cache', async () => {
    const data = await ok('get_exchange_info', { symbol: 'btcusdt' });
    const entry = FIX.exchangeInfo.symbols.find((s) => s.symbol === 'BTCUSDT');
    assert.equal(data.filters.PRICE_FILTER.tickSize, '0.01000000');
    assert.equal(data.filters.LOT_SIZE.stepSize, '0.00001000');
    assert.equal(data.filters.NOTIONAL.minNotional, '10.00000000');
    const { filters, ...rest } = data;
    const { filters: fixtureFilters, ...fixtureRest } = entry;
    assert.deepEqual(rest, fixtureRest);
    assert.deepEqual(
      filters,
      Object.fromEntries(fixtureFilters.map(({ filterType, ...f }) => [filterType, f])),
    );
    await assertNoRequests();
  });

  describe('get_available_assets', () => {
    const usdt = FIX.exchangeInfo.symbols.filter((s) => s.quoteAsset === 'USDT').map(symbolRow);

    test('quote_asset USDT: total, pages through the cursor, no page above the limit', async () => {
      const limit = 200;
      const seen = [];
      let cursor;
      let pages = 0;
      do {
        const data = await ok('get_available_assets', { quote_asset: 'USDT', limit, ...(cursor && { cursor }) });
        pages++;
        assert.equal(data.total, usdt.length);
        assert.ok(data.symbols.length <= limit, `page of ${data.symbols.length} rows`);
        assert.deepEqual(data.symbols, usdt.slice(seen.length, seen.length + limit), `page ${pages}`);
        seen.push(...data.symbols);
        cursor = data.next_cursor;
      } while (cursor !== undefined && pages < 10);
      assert.equal(usdt.length, 455);
      assert.equal(pages, 3);
      assert.deepEqual(seen, usdt);
      await assertNoRequests();
    });

    test('no filter: one page of 100 of the 2276 symbols, far smaller than exchangeInfo', async () => {
      const result = await call('get_available_assets', {});
      const { data } = result.structuredContent;
      assert.ok(!result.isError);
      assert.equal(data.total, FIX.exchangeInfo.symbols.length);
      assert.deepEqual(data.symbols, FIX.exchangeInfo.symbols.slice(0, 100).map(symbolRow));
      assert.equal(data.next_cursor, '100');
      assert.ok(result.content[0].text.length < 64 * 1024, `text is ${result.content[0].text.length} bytes`);
      await assertNoRequests();
    });
  });
});

// ---- bad input -----------------------------------------------------------------------------

describe('bad input is a validation_error and reaches no exchange', () => {
  beforeEach(() => standin.reset());

  const BTC = { symbol: 'BTCUSDT' };
  // [case, tool, arguments, field]
  const CASES = [
    ['unknown symbol', 'get_ticker_price', { symbol: 'FOOBAR' }, 'symbol'],
    ['unknown symbol (exchange info)', 'get_exchange_info', { symbol: 'FOOBAR' }, 'symbol'],
    ['order book limit 5001', 'get_order_book', { ...BTC, limit: 5001 }, 'limit'],
    ['klines limit 0', 'get_klines', { ...BTC, interval: '1d', limit: 0 }, 'limit'],
    ['limit as a string', 'get_order_book', { ...BTC, limit: '5' }, 'limit'],
    ['symbol as a number', 'get_ticker_price', { symbol: 42 }, 'symbol'],
    ['missing symbol', 'get_ticker_price', {}, 'symbol'],
    ['symbol with & (query injection)', 'get_order_book', { symbol: 'BTCUSDT&limit=5000' }, 'symbol'],
    ['symbol with =', 'get_ticker_price', { symbol: 'BTC=USDT' }, 'symbol'],
    ['symbol of 100 characters', 'get_ticker_price', { symbol: 'B'.repeat(100) }, 'symbol'],
    ['unknown argument', 'get_ticker_price', { ...BTC, foo: 1 }, 'foo'],
    ['unknown interval', 'get_klines', { ...BTC, interval: '2d' }, 'interval'],
    ['start_time after end_time', 'get_klines', { ...BTC, interval: '1d', start_time: 5, end_time: 4 }, 'start_time'],
    ['cursor not from the tool', 'get_available_assets', { cursor: 'abc' }, 'cursor'],
  ];

  for (const [name, tool, args, field] of CASES) {
    const shown = JSON.stringify(args);
    test(`${name}: ${tool} ${shown.length > 60 ? shown.slice(0, 57) + '...' : shown}`, async () => {
      const error = await refused(tool, args);
      assert.equal(error.type, 'validation_error', error.message);
      assert.equal(error.field, field, error.message);
      await assertNoRequests();
    });
  }
});

// ---- audit log -----------------------------------------------------------------------------

describe('SECURITY_EVENT audit lines on stderr', () => {
  /** Calls a tool, then waits for its invocation line and the outcome line with the same request id. */
  async function audited(tool, args, outcome) {
    const mark = server.securityEvents().length;
    await call(tool, args);
    return server.waitForLog((lines) => {
      const mine = lines.filter((l) => l.msg === 'SECURITY_EVENT').slice(mark);
      const inv = mine.filter((e) => e.event_type === 'tool_invocation');
      if (inv.length !== 1 || inv[0].tool !== tool) return null;
      const out = mine.find((e) => e.event_type === outcome && e.request_id === inv[0].request_id);
      return out && { invocation: inv[0], outcome: out, events: mine };
    }, `${tool}: tool_invocation and ${outcome} with one request id`);
  }

  test('a successful call: tool_invocation, gate_request and tool_success share a request id', async () => {
    const { invocation, outcome, events } = await audited('get_ticker_price', { symbol: 'BTCUSDT' }, 'tool_success');
    assert.match(invocation.request_id, /^\S+$/);
    assert.equal(invocation.module, 'market');
    assert.equal(outcome.tool, 'get_ticker_price');
    const gate = events.find((e) => e.event_type === 'gate_request');
    assert.equal(gate?.request_id, invocation.request_id);
    assert.equal(gate.op, 'ticker_price');
  });

  test('a refused call: tool_invocation and validation_error share a request id', async () => {
    const a = await audited('get_ticker_price', { symbol: 'BTC=USDT' }, 'validation_error');
    const b = await audited('get_ticker_price', { symbol: 'FOOBAR' }, 'validation_error');
    assert.equal(a.outcome.field, 'symbol');
    assert.equal(b.outcome.field, 'symbol');
    assert.notEqual(a.invocation.request_id, b.invocation.request_id, 'each call its own request id');
  });
});
