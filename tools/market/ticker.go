package main

import (
	"encoding/json"

	"github.com/tollgate/tollgate/guest/toolsdk"
)

// The tools below pass the exchange's answer through as received.

var tickerPrice = marketTool{
	name:  "get_ticker_price",
	title: "Ticker price",
	description: "Latest traded price of one symbol. Returns {symbol, price}; " +
		"price is a decimal string in the quote asset (e.g. USDT for BTCUSDT).",
	args: []toolsdk.Param{symbolArg},
	op:   "ticker_price",
	output: json.RawMessage(`{"type":"object","properties":{
		"symbol":{"type":"string"},
		"price":{"type":"string","description":"decimal string"}},
		"required":["symbol","price"]}`),
}

var ticker24hr = marketTool{
	name:  "get_ticker",
	title: "24 h ticker statistics",
	description: "Rolling 24-hour statistics of one symbol, as Binance reports them: " +
		"lastPrice, priceChange, priceChangePercent, openPrice, highPrice, lowPrice, " +
		"weightedAvgPrice, prevClosePrice, bid/ask price and quantity, volume (base asset), " +
		"quoteVolume, openTime/closeTime (ms since the epoch), firstId/lastId and count of trades. " +
		"Prices and quantities are decimal strings.",
	args: []toolsdk.Param{symbolArg},
	op:   "ticker_24hr",
	output: json.RawMessage(`{"type":"object","properties":{
		"symbol":{"type":"string"},
		"priceChange":{"type":"string"},"priceChangePercent":{"type":"string"},
		"weightedAvgPrice":{"type":"string"},"prevClosePrice":{"type":"string"},
		"lastPrice":{"type":"string"},"lastQty":{"type":"string"},
		"bidPrice":{"type":"string"},"bidQty":{"type":"string"},
		"askPrice":{"type":"string"},"askQty":{"type":"string"},
		"openPrice":{"type":"string"},"highPrice":{"type":"string"},"lowPrice":{"type":"string"},
		"volume":{"type":"string"},"quoteVolume":{"type":"string"},
		"openTime":{"type":"integer"},"closeTime":{"type":"integer"},
		"firstId":{"type":"integer"},"lastId":{"type":"integer"},"count":{"type":"integer"}},
		"required":["symbol","lastPrice"]}`),
}

var avgPrice = marketTool{
	name:  "get_avg_price",
	title: "Average price",
	description: "Current average price of one symbol over Binance's averaging window. " +
		"Returns {mins, price, closeTime}: the window in minutes, the average as a decimal " +
		"string, and the time of the last trade in it (ms since the epoch).",
	args: []toolsdk.Param{symbolArg},
	op:   "avg_price",
	output: json.RawMessage(`{"type":"object","properties":{
		"mins":{"type":"integer"},
		"price":{"type":"string","description":"decimal string"},
		"closeTime":{"type":"integer"}},
		"required":["mins","price"]}`),
}

var bookTicker = marketTool{
	name:  "get_book_ticker",
	title: "Best bid and ask",
	description: "Best bid and best ask of one symbol right now. Returns {symbol, bidPrice, " +
		"bidQty, askPrice, askQty}, all decimal strings.",
	args: []toolsdk.Param{symbolArg},
	op:   "book_ticker",
	output: json.RawMessage(`{"type":"object","properties":{
		"symbol":{"type":"string"},
		"bidPrice":{"type":"string"},"bidQty":{"type":"string"},
		"askPrice":{"type":"string"},"askQty":{"type":"string"}},
		"required":["symbol","bidPrice","bidQty","askPrice","askQty"]}`),
}

var orderBook = marketTool{
	name:  "get_order_book",
	title: "Order book",
	description: "Order book depth of one symbol. Returns {lastUpdateId, bids, asks}; " +
		"bids (highest first) and asks (lowest first) are lists of [price, quantity] " +
		"pairs of decimal strings. A larger limit costs more request weight.",
	args: []toolsdk.Param{symbolArg, limitArg("price levels per side", 5000, 100)},
	op:   "depth",
	output: json.RawMessage(`{"type":"object","properties":{
		"lastUpdateId":{"type":"integer"},
		"bids":{"type":"array","items":{"type":"array","items":{"type":"string"}}},
		"asks":{"type":"array","items":{"type":"array","items":{"type":"string"}}}},
		"required":["lastUpdateId","bids","asks"]}`),
}
