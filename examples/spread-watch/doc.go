// Spread-watch is an example community module for Tollgate, written with the guest SDK
// (guest/toolsdk) the way a third party would write one: it is not built into the binary,
// and an operator serves it with a [[module]] table that pins its SHA-256 (see
// tollgate.toml.example and docs/writing-tools.md). It needs the grant market_data only.
//
// Build and pack it with `make examples`, which writes bin/examples/spread_watch.wasm and
// a config for it, bin/examples/spread_watch.toml; by hand:
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -trimpath -o spread_watch.raw.wasm ./examples/spread-watch
//	go run ./internal/cmd/tollgate-pack spread_watch.raw.wasm spread_watch.wasm
//	sha256sum spread_watch.wasm
//
// # Tools
//
// Both tools are read-only, non-destructive, idempotent and open-world, and make several
// gate operations per call:
//
//	watch_spread(symbols [1..5])       per symbol: book_ticker, avg_price
//	    {spreads: [{symbol, bid_price, bid_qty, ask_price, ask_qty, quoted, mid_price,
//	                spread, spread_bps, avg_price, avg_price_mins, mid_vs_avg_bps}]}
//	size_position(symbol, risk_amount, exchange_info; book_ticker without entry_price
//	              stop_price, entry_price)
//	    {symbol, side, base_asset, quote_asset, entry_price, entry_source, stop_price,
//	     risk_amount, risk_per_unit, quantity, notional, risk_at_stop, tradable,
//	     capped_by?, reason?, min_risk_amount?, filters: {step_size, min_qty, max_qty,
//	     min_notional?, max_notional?}}
//
// # Exact decimals
//
// Every price, quantity and amount is a decimal string read with toolsdk.ParseDecimal into
// a github.com/shopspring/decimal value and computed on exactly (decimal.go); nothing
// passes through float64. Results (a spread, a mid price, a quantity on the LOT_SIZE grid,
// a notional) are written in full, without trailing zeros: "0.01", "65861.655". Basis
// points are rounded half away from zero to 0.0001 bp.
//
// # watch_spread
//
// mid = (bid + ask) / 2, spread = ask − bid, spread_bps = spread / mid × 10000 and
// mid_vs_avg_bps = (mid − avg) / avg × 10000, where avg is the avg_price op's price.
// Binance reports an empty side of the book as price 0: such a symbol has quoted false and
// null mid_price, spread, spread_bps and mid_vs_avg_bps. Symbols that differ only in the
// case of ASCII letters are watched once. A gate error about one symbol (not listed, not in
// the operator's allow-list) fails the call, with field "symbols" and that symbol as value.
//
// # size_position
//
// A stop below the entry is a long (BUY), above it a short (SELL). The entry is a limit
// order at entry_price; without entry_price it is the best ask for a long (the stop must
// be below the best bid) or the best bid for a short (the stop above the best ask). The
// quantity is
//
//	risk_amount / |entry − stop|, capped at LOT_SIZE maxQty and at maxNotional / entry,
//	rounded DOWN onto the LOT_SIZE grid minQty + k·stepSize
//
// and it is tradable when it is at least minQty, above zero, and worth at least the
// NOTIONAL (or MIN_NOTIONAL) minNotional at the entry price. capped_by names the filter that
// cut a size the risk would have allowed. When the size is not tradable, quantity, notional
// and risk_at_stop are "0", reason says which rule failed, and min_risk_amount is the
// smallest risk_amount that gives a tradable size at this entry and stop (the smallest grid
// quantity that passes every minimum, times |entry − stop|), unless no quantity passes at
// that price. A symbol whose status is not TRADING is never tradable. The price filters
// (tick size, percent price) are the gate's to check when an order is placed.
//
// Arguments are checked before any request: risk_amount, stop_price and entry_price must be
// positive decimals of at most 64 characters with an exponent of at most ±40, and
// stop_price may not equal entry_price.
package main
