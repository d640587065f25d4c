package main

import (
	"encoding/json"
	"fmt"

	"github.com/tollgate/tollgate/guest/toolsdk"
)

// intervals are Binance's kline intervals (docs/ops.md, klines).
var intervals = []string{"1s", "1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M"}

var klines = marketTool{
	name:  "get_klines",
	title: "Candlesticks",
	description: "Candlesticks (klines) of one symbol, oldest first. Returns {interval, klines}: " +
		"each kline is {open_time, open, high, low, close, volume, close_time, quote_volume, " +
		"trades, taker_buy_base_volume, taker_buy_quote_volume}; times are ms since the epoch, " +
		"prices and volumes decimal strings exactly as Binance sent them. Without start_time " +
		"and end_time, the most recent klines.",
	args: []toolsdk.Param{
		symbolArg,
		toolsdk.String("interval", "Kline length: s seconds, m minutes, h hours, d days, w weeks, M months.").
			Required().Enum(intervals...).SendAs("interval"),
		limitArg("klines", 1000, 500),
		toolsdk.Integer("start_time", "Earliest open time, ms since the epoch.").Minimum(0).SendAs("startTime"),
		toolsdk.Integer("end_time", "Latest open time, ms since the epoch.").Minimum(0).SendAs("endTime"),
	},
	op:    "klines",
	check: checkTimeRange,
	shape: shapeKlines,
	output: json.RawMessage(`{"type":"object","properties":{
		"interval":{"type":"string"},
		"klines":{"type":"array","items":{"type":"object","properties":{
			"open_time":{"type":"integer"},
			"open":{"type":"string"},"high":{"type":"string"},"low":{"type":"string"},"close":{"type":"string"},
			"volume":{"type":"string"},
			"close_time":{"type":"integer"},
			"quote_volume":{"type":"string"},
			"trades":{"type":"integer"},
			"taker_buy_base_volume":{"type":"string"},
			"taker_buy_quote_volume":{"type":"string"}},
			"required":["open_time","open","high","low","close","volume","close_time"]}}},
		"required":["interval","klines"]}`),
}

func checkTimeRange(c *toolsdk.Call) error {
	if !c.Has("start_time") || !c.Has("end_time") {
		return nil
	}
	start, err := c.Int("start_time")
	if err != nil {
		return err
	}
	end, err := c.Int("end_time")
	if err != nil {
		return err
	}
	if start > end {
		return toolsdk.Invalid("start_time", fmt.Sprint(start), "start_time (%d) must not be after end_time (%d)", start, end)
	}
	return nil
}

// kline is one row with named fields; each value is kept exactly as received.
type kline struct {
	OpenTime            json.RawMessage `json:"open_time"`
	Open                json.RawMessage `json:"open"`
	High                json.RawMessage `json:"high"`
	Low                 json.RawMessage `json:"low"`
	Close               json.RawMessage `json:"close"`
	Volume              json.RawMessage `json:"volume"`
	CloseTime           json.RawMessage `json:"close_time"`
	QuoteVolume         json.RawMessage `json:"quote_volume"`
	Trades              json.RawMessage `json:"trades"`
	TakerBuyBaseVolume  json.RawMessage `json:"taker_buy_base_volume"`
	TakerBuyQuoteVolume json.RawMessage `json:"taker_buy_quote_volume"`
}

func shapeKlines(c *toolsdk.Call, ok json.RawMessage) (any, error) {
	var rows [][]json.RawMessage
	if err := json.Unmarshal(ok, &rows); err != nil {
		return nil, toolsdk.Unexpected("klines", err)
	}
	out := make([]kline, len(rows))
	for i, r := range rows {
		// Binance sends 12 columns; the last is unused.
		if len(r) < 11 {
			return nil, toolsdk.Unexpected("klines", fmt.Errorf("row %d has %d columns, want 12", i, len(r)))
		}
		out[i] = kline{r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10]}
	}
	interval, err := c.String("interval")
	if err != nil {
		return nil, err
	}
	return struct {
		Interval string  `json:"interval"`
		Klines   []kline `json:"klines"`
	}{interval, out}, nil
}
