package main

import (
	"encoding/json"
	"fmt"
	"strconv"

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
		toolsdk.String("quote_asset", "Only symbols quoted in this asset, e.g. USDT.").MinLength(1).MaxLength(20).SendAs("quoteAsset"),
		toolsdk.String("base_asset", "Only symbols of this base asset, e.g. BTC.").MinLength(1).MaxLength(20).SendAs("baseAsset"),
		toolsdk.String("status", "Only symbols with this status, e.g. TRADING.").MinLength(1).MaxLength(20).SendAs("status"),
		toolsdk.String("search", "Only symbols containing this text, e.g. BTC.").MinLength(1).MaxLength(20).SendAs("search"),
		limitArg("symbols", 1000, 100),
		// The host filters and pages (docs/ops.md, symbols). The cursor is the next
		// page's offset as a decimal string; checkCursor has made sure it is a
		// canonical one, and it is sent as the op's offset exactly as that string
		// (the op takes an integer as a JSON number or a string of digits). limit is
		// always sent, with the tool's default 100 when the caller gives none.
		toolsdk.String("cursor", "next_cursor of the previous page; omit for the first page.").MinLength(1).MaxLength(20).SendAs("offset"),
	},
	op:    "symbols",
	check: checkCursor,
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

// cursorOffset returns the offset the cursor argument names: 0 without one. A
// cursor is opaque to callers (the next_cursor of a previous page); anything but a
// canonical non-negative decimal integer is a validation_error on cursor.
func cursorOffset(c *toolsdk.Call) (int, error) {
	cursor, err := c.String("cursor")
	if err != nil || cursor == "" {
		return 0, err
	}
	n, err := strconv.Atoi(cursor)
	if err != nil || n < 0 || strconv.Itoa(n) != cursor {
		return 0, toolsdk.Invalid("cursor", cursor,
			"cursor %q is not one this tool returned; omit it to start from the first page", cursor)
	}
	return n, nil
}

// checkCursor refuses a malformed cursor before anything is asked of the gate.
func checkCursor(c *toolsdk.Call) error {
	_, err := cursorOffset(c)
	return err
}

// symbolRow is one row of the symbols op, renamed for the tool's output.
type symbolRow struct {
	Symbol     string `json:"symbol"`
	Status     string `json:"status"`
	BaseAsset  string `json:"base_asset"`
	QuoteAsset string `json:"quote_asset"`
}

// shapeAssets renames the rows of the page the op returned and adds the cursor of
// the next page when there is one.
func shapeAssets(c *toolsdk.Call, ok json.RawMessage) (any, error) {
	var in struct {
		Total   *int `json:"total"`
		Symbols []struct {
			Symbol     string `json:"symbol"`
			Status     string `json:"status"`
			BaseAsset  string `json:"baseAsset"`
			QuoteAsset string `json:"quoteAsset"`
		} `json:"symbols"`
	}
	if err := json.Unmarshal(ok, &in); err != nil {
		return nil, toolsdk.Unexpected("symbols", err)
	}
	offset, err := cursorOffset(c)
	if err != nil {
		return nil, err
	}
	limit, err := c.Int("limit")
	if err != nil {
		return nil, err
	}
	n := len(in.Symbols)
	switch {
	case in.Total == nil || in.Symbols == nil:
		return nil, toolsdk.Unexpected("symbols", fmt.Errorf("no total or no symbols"))
	case *in.Total < 0 || int64(n) > limit:
		return nil, toolsdk.Unexpected("symbols", fmt.Errorf("%d rows of %d for limit %d", n, *in.Total, limit))
	case n > 0 && n > *in.Total-offset, n == 0 && offset < *in.Total:
		// Either would make next_cursor wrong; the second would loop a caller forever.
		return nil, toolsdk.Unexpected("symbols", fmt.Errorf("%d rows at offset %d of %d", n, offset, *in.Total))
	}
	rows := make([]symbolRow, n)
	for i, r := range in.Symbols {
		rows[i] = symbolRow(r)
	}
	out := struct {
		Symbols []symbolRow `json:"symbols"`
		Total   int         `json:"total"`
		Next    string      `json:"next_cursor,omitempty"`
	}{rows, *in.Total, ""}
	if end := offset + n; end < *in.Total {
		out.Next = strconv.Itoa(end)
	}
	return out, nil
}
