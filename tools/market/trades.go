package main

import (
	"encoding/json"
	"errors"

	"github.com/tollgate/tollgate/guest/toolsdk"
)

var recentTrades = marketTool{
	name:  "get_recent_trades",
	title: "Recent trades",
	description: "Most recent trades of one symbol, oldest first. Returns {trades}: each trade is " +
		"{id, price, qty, quoteQty, time, isBuyerMaker, isBestMatch} as Binance sends it; price, " +
		"qty and quoteQty are decimal strings, time is ms since the epoch, isBuyerMaker true " +
		"means the seller took liquidity.",
	args: []toolsdk.Param{symbolArg, limitArg("trades", 1000, 500)},
	op:   "recent_trades",
	// The answer is a list of trades, kept as it is: wrapped by concatenation (the
	// SDK has checked it is JSON) rather than decoded and encoded again.
	shape: func(_ *toolsdk.Call, ok json.RawMessage) (any, error) {
		if len(ok) == 0 || ok[0] != '[' && string(ok) != "null" {
			return nil, toolsdk.Unexpected("recent_trades", errors.New("not a list"))
		}
		out := make(json.RawMessage, 0, len(`{"trades":}`)+len(ok))
		out = append(append(append(out, `{"trades":`...), ok...), '}')
		return out, nil
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
