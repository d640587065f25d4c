// Account is Tollgate's module of read-only account tools. It holds the grants
// account_read and market_data: it can read the account (balances, orders, trades)
// through signed requests the host makes for it, and the gate's rate-limit budgets, and
// it can neither place nor cancel an order, nor see a key. The API key and
// the signature are added by the host's gate after the module's request leaves the
// sandbox; the module never holds them.
//
// Build it with `make guests`.
//
// # Tools
//
//	get_balance(asset, include_zero=false)         op account            {balances: [{asset, free, locked}]}
//	get_open_orders(symbol)                        op open_orders        {orders: [...]}
//	get_order(symbol, order_id | client_order_id)  op order_query        the order
//	get_orders(symbol, start_time, end_time, limit) op all_orders        {orders: [...]}
//	get_my_trades(symbol, order_id, start_time,
//	              end_time, from_id, limit)        op my_trades          {trades: [...]}
//	get_rate_limit_status()                        op rate_limit_status  {limits: [...], backoff}
//
// get_balance returns the non-zero balances by default, as the Python
// binance-mcp-server does; include_zero=true returns every asset. asset (optional,
// case-insensitive) keeps that asset's row only. Amounts are decimal strings exactly
// as Binance sent them.
package main
