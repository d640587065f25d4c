package main

import (
	"encoding/json"

	"github.com/tollgate/tollgate/guest/toolsdk"
)

var availableAssets = marketTool{
	name:  "get_available_assets",
	title: "Available symbols",
	description: "Lists the exchange's symbols, one compact row each: {symbol, status, " +
		"base_asset, quote_asset}, in exchange order. Filter by quote_asset, base_asset and " +
		"status (exact, case-insensitive; status is e.g. TRADING or BREAK) and search (part of " +
		"the symbol, case-insensitive). Returns {symbols, total, next_cursor}: total counts " +
		"every match; when next_cursor is present, pass it as cursor (with the same filters) " +
		"to get the next page.",
	args: []toolsdk.Param{
		toolsdk.String("quote_asset", "Only symbols quoted in this asset, e.g. USDT.").MinLength(1).MaxLength(20),
		toolsdk.String("base_asset", "Only symbols of this base asset, e.g. BTC.").MinLength(1).MaxLength(20),
		toolsdk.String("status", "Only symbols with this status, e.g. TRADING.").MinLength(1).MaxLength(20),
		toolsdk.String("search", "Only symbols containing this text, e.g. BTC.").MinLength(1).MaxLength(20),
		limitArg("symbols", 1000, 100),
		toolsdk.String("cursor", "next_cursor of the previous page; omit for the first page.").MinLength(1).MaxLength(20),
	},
	op:    "symbols",
	shape: shapeAssets,
	output: json.RawMessage(`{"type":"object","properties":{
		"symbols":{"type":"array","items":{"type":"object","properties":{
			"symbol":{"type":"string"},"status":{"type":"string"},
			"base_asset":{"type":"string"},"quote_asset":{"type":"string"}},
			"required":["symbol","status","base_asset","quote_asset"]}},
		"total":{"type":"integer","description":"number of matching symbols on all pages"},
		"next_cursor":{"type":"string","description":"cursor of the next page; absent on the last page"}},
		"required":["symbols","total"]}`),
}

// symbolRow is one row of the symbols op, renamed for the tool's output.
type symbolRow struct {
	Symbol     string `json:"symbol"`
	Status     string `json:"status"`
	BaseAsset  string `json:"base_asset"`
	QuoteAsset string `json:"quote_asset"`
}

func shapeAssets(c *toolsdk.Call, ok json.RawMessage) (any, error) {
	var in []struct {
		Symbol     string `json:"symbol"`
		Status     string `json:"status"`
		BaseAsset  string `json:"baseAsset"`
		QuoteAsset string `json:"quoteAsset"`
	}
	if err := json.Unmarshal(ok, &in); err != nil {
		return nil, unexpected("symbols", err)
	}
	rows := make([]symbolRow, len(in))
	for i, r := range in {
		rows[i] = symbolRow(r)
	}
	var a struct {
		QuoteAsset string `json:"quote_asset"`
		BaseAsset  string `json:"base_asset"`
		Status     string `json:"status"`
		Search     string `json:"search"`
		Limit      int    `json:"limit"`
		Cursor     string `json:"cursor"`
	}
	if err := c.Bind(&a); err != nil {
		return nil, err
	}
	p, err := paginate(rows, allOf(
		equalFold(func(r symbolRow) string { return r.QuoteAsset }, a.QuoteAsset),
		equalFold(func(r symbolRow) string { return r.BaseAsset }, a.BaseAsset),
		equalFold(func(r symbolRow) string { return r.Status }, a.Status),
		containsFold(func(r symbolRow) string { return r.Symbol }, a.Search),
	), a.Cursor, a.Limit)
	if err != nil {
		return nil, err
	}
	return struct {
		Symbols []symbolRow `json:"symbols"`
		Total   int         `json:"total"`
		Next    string      `json:"next_cursor,omitempty"`
	}{p.Items, p.Total, p.Next}, nil
}
