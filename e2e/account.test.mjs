// The account tools end to end, against the stand-in's fixed account data
// (internal/binancetest: wallet.go, futures.go, the account fixture). Futures reads go to
// BINANCE_FUTURES_BASE_URL, here the same stand-in.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { connectServer, startStandin } from './harness.mjs';

let standin;
let server;
before(async () => {
  standin = await startStandin();
  server = await connectServer(standin.url, { BINANCE_FUTURES_BASE_URL: standin.url });
});
after(async () => {
  await server?.close();
  await standin?.stop();
});

async function call(name, args = {}) {
  const res = await server.client.callTool({ name, arguments: args });
  assert.ok(!res.isError, `${name}: ${JSON.stringify(res.structuredContent)}`);
  assert.equal(res.structuredContent.environment, 'custom');
  return res.structuredContent.data;
}

/** The requests the last call sent, by path, with their query strings. */
async function lastRequest(path) {
  const recs = await standin.requests(path);
  assert.ok(recs.length >= 1, `a request to ${path}`);
  return recs.at(-1);
}

test('get_balance: the fixture balances', async () => {
  const data = await call('get_balance', { asset: 'btc' });
  assert.equal(data.balances.length, 1);
  assert.equal(data.balances[0].asset, 'BTC');
  assert.match(data.balances[0].free, /^\d+\.\d{8}$/);
});

test('get_account_snapshot SPOT', async () => {
  const data = await call('get_account_snapshot', { account_type: 'SPOT' });
  assert.equal(data.code, 200);
  assert.equal(data.snapshotVos[0].type, 'spot');
  assert.deepEqual(data.snapshotVos[0].data.balances[0], { asset: 'BTC', free: '0.09905021', locked: '0.00000000' });
  assert.match((await lastRequest('/sapi/v1/accountSnapshot')).rawQuery, /^type=SPOT&timestamp=\d+&signature=[0-9a-f]{64}$/);
});

test('get_fee_info BTCUSDT', async () => {
  const data = await call('get_fee_info', { symbol: 'btcusdt' });
  assert.deepEqual(data.fees, [{ symbol: 'BTCUSDT', makerCommission: '0.0015', takerCommission: '0.0015' }]);
});

test('get_deposit_address USDT on TRX', async () => {
  const data = await call('get_deposit_address', { coin: 'usdt', network: 'trx' });
  assert.deepEqual(data, {
    address: 'TJDENsfBJs4RFETt1X1W8wMDc8M5XnJhCe',
    coin: 'USDT',
    tag: '',
    url: 'https://tronscan.org/#/address/TJDENsfBJs4RFETt1X1W8wMDc8M5XnJhCe',
  });
  assert.match((await lastRequest('/sapi/v1/capital/deposit/address')).rawQuery, /^coin=USDT&network=TRX&timestamp=/);
});

test('get_deposit_history and get_withdraw_history', async () => {
  const deposits = await call('get_deposit_history', {});
  assert.equal(deposits.deposits[0].id, '769800519366885376');
  assert.equal(deposits.deposits[0].amount, '0.50000000');
  const withdrawals = await call('get_withdraw_history', {});
  assert.equal(withdrawals.withdrawals[0].id, 'b6ae22b3aa844210a7041aee7589627c');
  assert.equal(withdrawals.withdrawals[0].amount, '100.00000000');
});

test('get_universal_transfer_history MAIN_UMFUTURE', async () => {
  const data = await call('get_universal_transfer_history', { type: 'MAIN_UMFUTURE' });
  assert.equal(data.total, 1);
  assert.deepEqual(data.rows[0], {
    asset: 'USDT', amount: '1000.00000000', type: 'MAIN_UMFUTURE', status: 'CONFIRMED', tranId: 11415955596, timestamp: 1781337600000,
  });
});

test('futures: get_position_info, get_pnl, get_liquidation_history', async () => {
  const positions = await call('get_position_info', { symbol: 'BTCUSDT' });
  assert.equal(positions.positions[0].symbol, 'BTCUSDT');
  assert.equal(positions.positions[0].positionAmt, '0.010');
  assert.equal(positions.positions[0].entryPrice, '65000.0');
  const pnl = await call('get_pnl', {});
  assert.deepEqual(pnl.pnl[0], {
    symbol: 'BTCUSDT', incomeType: 'REALIZED_PNL', income: '12.50000000', asset: 'USDT', info: 'REALIZED_PNL',
    time: 1781424000000, tranId: 9689322394, tradeId: '2059192',
  });
  assert.match((await lastRequest('/fapi/v1/income')).rawQuery, /^incomeType=REALIZED_PNL&timestamp=/);
  const liquidations = await call('get_liquidation_history', {});
  assert.equal(liquidations.orders[0].orderId, 6071832819);
  assert.equal(liquidations.orders[0].avgPrice, '60913.21000');
});

test('a 24-hour window is enforced before anything is sent', async () => {
  await standin.reset();
  const res = await server.client.callTool({
    name: 'get_orders',
    arguments: { symbol: 'BTCUSDT', start_time: 0, end_time: 24 * 3600 * 1000 + 1 },
  });
  assert.equal(res.isError, true);
  assert.equal(res.structuredContent.error.type, 'validation_error');
  assert.equal(res.structuredContent.error.field, 'end_time');
  assert.equal((await standin.requests()).length, 0);
});
