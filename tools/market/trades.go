package main

import (
	"encoding/json"

	"github.com/tollgate/tollgate/guest/toolsdk"
)

var recentTrades = marketTool{
	name:  "get_recent_trades",
	title: "Recent trades",
	description: "Most recent trades of one symbol, oldest first. Returns {trades}: each trade is " +
		"{id, price, qty, quoteQty, time, isBuyerMaker, isBestMatch} as Binance sends it; price, " +
		"qty and quoteQty are decimal strings, time is ms since the epoch, isBuyerMaker true " +
		"means the seller took liquidity.",
	args:     []toolsdk.Param{symbolArg, limitArg("trades", 1000, 500)},
	op:       "recent_trades",
	opParams: map[string]string{"symbol": "symbol", "limit": "limit"},
	shape: func(_ *toolsdk.Call, ok json.RawMessage) (any, error) {
		var trades []json.RawMessage
		if err := json.Unmarshal(ok, &trades); err != nil {
			return nil, unexpected("recent_trades", err)
		}
		return struct {
			Trades []json.RawMessage `json:"trades"`
		}{trades}, nil
	},
	output: json.RawMessage(`{"type":"object","properties":{
		"trades":{"type":"array","items":{"type":"object","properties":{
			"id":{"type":"integer"},
			"price":{"type":"string"},"qty":{"type":"string"},"quoteQty":{"type":"string"},
			"time":{"type":"integer"},
			"isBuyerMaker":{"type":"boolean"},"isBestMatch":{"type":"boolean"}},
			"required":["id","price","qty","time"]}}},
		"required":["trades"]}`),
}
