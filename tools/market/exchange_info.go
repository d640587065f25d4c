package main

import (
	"encoding/json"
	"errors"

	"github.com/tollgate/tollgate/guest/toolsdk"
)

var exchangeInfo = marketTool{
	name:  "get_exchange_info",
	title: "Symbol trading rules",
	description: "Trading rules of one symbol: status, baseAsset, quoteAsset, precisions, " +
		"orderTypes, permissions and flags as Binance lists them, with filters as an object " +
		"keyed by filter type, e.g. filters.PRICE_FILTER.tickSize, filters.LOT_SIZE.stepSize, " +
		"filters.NOTIONAL.minNotional. Every value is exactly as Binance sent it (decimals " +
		"are strings). An order must pass every filter.",
	args:  []toolsdk.Param{symbolArg},
	op:    "exchange_info",
	shape: shapeSymbolInfo,
	output: json.RawMessage(`{"type":"object","properties":{
		"symbol":{"type":"string"},"status":{"type":"string"},
		"baseAsset":{"type":"string"},"quoteAsset":{"type":"string"},
		"orderTypes":{"type":"array","items":{"type":"string"}},
		"filters":{"type":"object","additionalProperties":{"type":"object"},
			"description":"filter type → that filter's parameters"}},
		"required":["symbol","status","baseAsset","quoteAsset","filters"]}`),
}

// shapeSymbolInfo turns the filters list [{"filterType": "LOT_SIZE", ...}] into an
// object {"LOT_SIZE": {...}}; everything else, and every filter value, is kept as
// received. Should a filter type appear twice, the list is left as it is.
func shapeSymbolInfo(_ *toolsdk.Call, ok json.RawMessage) (any, error) {
	var info map[string]json.RawMessage
	if err := json.Unmarshal(ok, &info); err != nil {
		return nil, toolsdk.Unexpected("exchange_info", err)
	}
	var filters []map[string]json.RawMessage
	if err := json.Unmarshal(info["filters"], &filters); err != nil {
		return nil, toolsdk.Unexpected("exchange_info", err)
	}
	byType := make(map[string]map[string]json.RawMessage, len(filters))
	for _, f := range filters {
		var typ string
		if json.Unmarshal(f["filterType"], &typ) != nil || typ == "" {
			return nil, toolsdk.Unexpected("exchange_info", errors.New("a filter without filterType"))
		}
		if _, dup := byType[typ]; dup {
			return info, nil
		}
		delete(f, "filterType")
		byType[typ] = f
	}
	out := make(map[string]any, len(info))
	for k, v := range info {
		out[k] = v
	}
	out["filters"] = byType
	return out, nil
}
