// Market is Tollgate's module of public market-data tools. It holds the grant
// market_data only: it can read prices, books, candles, trades and trading rules,
// and nothing else; a compromised market module still cannot see a balance or
// place an order.
//
// Build it with
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -trimpath -o tools/market/market.wasm ./tools/market
//
// # Tools
//
// Every tool is read-only, non-destructive, idempotent and open-world. Every symbol
// argument is 1 to 20 characters, case-insensitive (the host upper-cases it and
// checks it is listed). Prices and quantities are returned as decimal strings
// exactly as Binance sent them, never through float64.
//
//	get_ticker_price(symbol)                          op ticker_price   {symbol, price}
//	get_ticker(symbol)                                op ticker_24hr    24 h statistics as Binance sends them
//	get_order_book(symbol, limit=100 [1..5000])       op depth          {lastUpdateId, bids, asks}; levels are [price, qty]
//	get_klines(symbol, interval, limit=500 [1..1000],
//	           start_time, end_time)                  op klines         {interval, klines: [{open_time, open, high, low,
//	                                                                      close, volume, close_time, quote_volume, trades,
//	                                                                      taker_buy_base_volume, taker_buy_quote_volume}]}
//	get_avg_price(symbol)                             op avg_price      {mins, price, closeTime}
//	get_book_ticker(symbol)                           op book_ticker    {symbol, bidPrice, bidQty, askPrice, askQty}
//	get_recent_trades(symbol, limit=500 [1..1000])    op recent_trades  {trades: [...]} as Binance sends them
//	get_exchange_info(symbol)                         op exchange_info  the symbol's rules; filters keyed by filter type
//	get_available_assets(quote_asset, base_asset,
//	    status, search, limit=100 [1..1000], cursor)  op symbols        {symbols: [{symbol, status, base_asset,
//	                                                                      quote_asset}], total, next_cursor}
//
// get_klines sends start_time and end_time as the op's startTime and endTime, and
// refuses start_time after end_time. A gate error that names one of those op
// parameters is passed on naming the tool's argument instead.
//
// get_available_assets never returns the whole exchangeInfo (3.7 MB), and never
// receives it either: the host's symbols op filters its cached symbol list
// (quote_asset, base_asset and status match exactly, search matches part of the
// symbol, all ignoring case) and pages it, and answers with one page of compact rows
// and the total count of matches. The tool sends quote_asset, base_asset, status,
// search, cursor and limit as the op's quoteAsset, baseAsset, status, search, offset
// and limit (the cursor, checked here to be a canonical non-negative decimal
// integer before any request, goes as that string of digits; limit always goes,
// 100 by default), renames the rows, and, unless it was the last page, adds the
// next page's offset as next_cursor.
//
// # Layout
//
// Every tool is a marketTool (tool.go): arguments (those sent to the op declared
// with SendAs and the op parameter's name), the op, and optionally a check and a
// shape. The host checks the arguments against the declared schemas before a call
// reaches the module; a check covers what a schema cannot say (start_time after
// end_time, a cursor the tool did not make). Call.Forward writes the request from
// the arguments as sent, and a gate error naming an op parameter is passed on
// naming the tool's argument.
//
// The pass-through tools (ticker price, ticker, order book, avg price, book
// ticker) never touch encoding/json on their way to a result: reflection-based
// JSON is slow in WebAssembly, and the SDK splits, writes and copies their JSON
// with its own scanner. Tools that reshape an answer (klines, exchange info,
// trades, assets) decode and encode it with encoding/json; prices stay strings.
package main
