// Trade is Tollgate's module of order tools. It holds the grant trade only: it can place
// and cancel spot orders, through signed requests the host makes for it, and nothing
// else; it never sees a key. No order reaches Binance unless the operator also sets
// [trading] enabled = true.
//
// Build it with `make guests`.
//
// # Tools
//
//	create_order(symbol, side, order_type, quantity, price, time_in_force, stop_price,
//	             trailing_delta, quote_order_qty, iceberg_qty, client_order_id,
//	             self_trade_prevention_mode, new_order_resp_type, recv_window, test)
//	    op order (op order_test when test is true)
//	    {outcome, clientOrderId, order}: outcome "placed", "already_placed" (the
//	    client_order_id was known: the first order, not a new one) or "validated" (test)
//	cancel_order(symbol, order_id | client_order_id)   op order_cancel
//	cancel_open_orders(symbol)                          op open_orders_cancel
//
// Arguments keep the Python binance-mcp-server's names (order_type for type); each goes
// to the op under Binance's name. Decimals are JSON numbers or strings and pass through
// digit for digit. The host validates everything (types, the order type's mandatory
// parameters, the symbol's filters) before anything is sent, gives every order a client
// order id, and never sends an order twice (package runtime/gate/once).
package main
