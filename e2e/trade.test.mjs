// The trade tools end to end: with trading disabled (the default) no order reaches the
// stand-in; with it enabled an order is placed once, a repeat with the same client order id
// returns the first order, and cancel_order cancels it.

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { connectServer, startStandin } from './harness.mjs';

const LIMIT_BUY = { symbol: 'BTCUSDT', side: 'BUY', order_type: 'LIMIT', time_in_force: 'GTC', quantity: '0.001', price: '65000' };

let standin;
let configDir;
before(async () => {
  standin = await startStandin();
  configDir = await mkdtemp(path.join(tmpdir(), 'tollgate-e2e-config-'));
});
after(async () => {
  await standin?.stop();
  if (configDir) await rm(configDir, { recursive: true, force: true });
});

const call = async (server, name, args) => (await server.client.callTool({ name, arguments: args })).structuredContent;
const placements = async () => (await standin.requests('/api/v3/order')).filter((r) => r.method === 'POST');

describe('trading disabled (the default)', () => {
  let server;
  before(async () => {
    server = await connectServer(standin.url);
  });
  after(async () => server?.close());

  test('create_order is permission_denied and sends no order', async () => {
    await standin.reset();
    const res = await call(server, 'create_order', LIMIT_BUY);
    assert.equal(res.success, false);
    assert.equal(res.error.type, 'permission_denied');
    assert.match(res.error.message, /\[trading\] enabled = true/);
    assert.equal((await standin.requests()).filter((r) => r.path.startsWith('/api/v3/order')).length, 0);
  });

  test('create_order with test: validated by /api/v3/order/test, nothing placed', async () => {
    await standin.reset();
    const res = await call(server, 'create_order', { ...LIMIT_BUY, test: true });
    assert.equal(res.success, true, JSON.stringify(res));
    assert.equal(res.data.outcome, 'validated');
    const sent = await standin.requests('/api/v3/order/test');
    assert.equal(sent.length, 1);
    assert.match(sent[0].rawQuery, /^symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0\.001&price=65000&timestamp=\d+&signature=[0-9a-f]{64}$/);
    assert.equal((await placements()).length, 0);
  });

  test('a filter violation names the filter and the nearest valid value, and sends nothing', async () => {
    await standin.reset();
    const res = await call(server, 'create_order', { ...LIMIT_BUY, price: '65000.005', test: true });
    assert.equal(res.error.type, 'filter_violation');
    assert.equal(res.error.field, 'price');
    assert.match(res.error.message, /PRICE_FILTER/);
    assert.equal(res.error.accepted, '65000');
    assert.equal((await standin.requests()).length, 0);
  });
});

describe('trading enabled', () => {
  let server;
  before(async () => {
    const config = path.join(configDir, 'trading.toml');
    await writeFile(config, '[trading]\nenabled = true\n');
    server = await connectServer(standin.url, { TOLLGATE_CONFIG: config });
  });
  after(async () => server?.close());

  test('an order is placed once; the same client_order_id returns the first order', async () => {
    await standin.reset();
    const first = await call(server, 'create_order', { ...LIMIT_BUY, client_order_id: 'e2e-order-1' });
    assert.equal(first.success, true, JSON.stringify(first));
    assert.equal(first.data.outcome, 'placed');
    assert.equal(first.environment, 'custom', 'every result says which environment answered');
    assert.equal(first.data.clientOrderId, 'e2e-order-1');
    assert.equal(first.data.order.status, 'NEW');
    const again = await call(server, 'create_order', { ...LIMIT_BUY, client_order_id: 'e2e-order-1' });
    assert.equal(again.data.outcome, 'already_placed');
    assert.equal(again.data.order.orderId, first.data.order.orderId);
    assert.equal((await placements()).length, 1);
  });

  test('without client_order_id, one is made for the call and returned', async () => {
    await standin.reset();
    const res = await call(server, 'create_order', LIMIT_BUY);
    assert.match(res.data.clientOrderId, /^tg[0-9a-f]{16}-[0-9a-f]{12}$/);
    const [sent] = await placements();
    assert.ok(sent.rawQuery.includes(`newClientOrderId=${res.data.clientOrderId}&`), sent.rawQuery);
  });

  test('the account tools see the order', async () => {
    const open = await call(server, 'get_open_orders', { symbol: 'BTCUSDT' });
    assert.ok(open.data.orders.some((o) => o.clientOrderId === 'e2e-order-1' && o.status === 'NEW'), JSON.stringify(open));
    const one = await call(server, 'get_order', { symbol: 'BTCUSDT', client_order_id: 'e2e-order-1' });
    assert.equal(one.data.clientOrderId, 'e2e-order-1');
    assert.equal(one.data.price, '65000.00000000');
    assert.equal(one.data.origQty, '0.00100000');
    const all = await call(server, 'get_orders', { symbol: 'BTCUSDT' });
    assert.ok(all.data.orders.length >= 2, JSON.stringify(all));
    const status = await call(server, 'get_rate_limit_status', {});
    const tenSeconds = status.data.limits.find((l) => l.rateLimitType === 'ORDERS' && l.intervalMs === 10000);
    assert.equal(tenSeconds.limit, 50);
    assert.ok(tenSeconds.used >= 2, JSON.stringify(status));
    assert.equal(status.data.backoff, null);
  });

  test('cancel_order by client_order_id', async () => {
    const res = await call(server, 'cancel_order', { symbol: 'BTCUSDT', client_order_id: 'e2e-order-1' });
    assert.equal(res.success, true, JSON.stringify(res));
    assert.equal(res.data.status, 'CANCELED');
  });

  test('a MARKET buy fills: the trade and the balances show it', async () => {
    const before = await call(server, 'get_balance', { include_zero: true });
    const usdt = (b) => b.data.balances.find((x) => x.asset === 'USDT');
    const res = await call(server, 'create_order', { symbol: 'BTCUSDT', side: 'BUY', order_type: 'MARKET', quantity: 0.001, client_order_id: 'e2e-market-1' });
    assert.equal(res.data.order.status, 'FILLED', JSON.stringify(res));
    const trades = await call(server, 'get_my_trades', { symbol: 'BTCUSDT', order_id: res.data.order.orderId });
    assert.equal(trades.data.trades.length, 1);
    assert.equal(trades.data.trades[0].price, '65861.66000000');
    assert.equal(trades.data.trades[0].qty, '0.00100000');
    // The stand-in fills BTCUSDT at 65861.66: 65.86166 USDT leave the account. Amounts have
    // 8 decimals; they are compared as integers of 1e-8, never as floats.
    const units = (s) => BigInt(s.replace('.', ''));
    const after = await call(server, 'get_balance', {});
    assert.equal(units(usdt(before).free) - units(usdt(after).free), 6586166000n);
  });

  test('cancel_open_orders cancels every open order of the symbol', async () => {
    await call(server, 'create_order', { ...LIMIT_BUY, price: '64000' });
    await call(server, 'create_order', { ...LIMIT_BUY, price: '63000' });
    const res = await call(server, 'cancel_open_orders', { symbol: 'BTCUSDT' });
    assert.equal(res.success, true, JSON.stringify(res));
    assert.ok(res.data.orders.length >= 2 && res.data.orders.every((o) => o.status === 'CANCELED'), JSON.stringify(res.data));
    const open = await call(server, 'get_open_orders', { symbol: 'BTCUSDT' });
    assert.deepEqual(open.data.orders, []);
  });
});
